# Strict Qt defines and warnings for every Pulsebook target (STYLE.md).
function(pulsebook_strict target)
    target_compile_definitions(${target} PRIVATE
        QT_NO_CAST_FROM_ASCII QT_NO_URL_CAST_FROM_STRING QT_NO_FOREACH
        QT_NO_CAST_TO_ASCII QT_NO_NARROWING_CONVERSIONS_IN_CONNECT)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
endfunction()
