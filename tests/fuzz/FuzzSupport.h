#pragma once

// What the libFuzzer targets of tests/fuzz share: a check that aborts with a message (libFuzzer
// then saves the input as a crash), a quiet Qt message handler, and a scratch folder for the
// files the readers under test insist on.

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>
#include <QTemporaryDir>
#include <QtGlobal>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace pulsebook::fuzz {

// A broken invariant: says which, then aborts so that libFuzzer keeps the input.
[[noreturn]] inline void fail(const char* target, const QString& what)
{
    std::fprintf(stderr, "\n%s: invariant broken: %s\n", target, what.toLocal8Bit().constData());
    std::fflush(stderr);
    std::abort();
}

#define FUZZ_CHECK(condition, message)                                                             \
    do {                                                                                           \
        if (!(condition))                                                                          \
            ::pulsebook::fuzz::fail(FUZZ_TARGET_NAME, QStringLiteral("%1 (%2:%3: %4)")             \
                                                          .arg(message, QLatin1String(__FILE__))   \
                                                          .arg(__LINE__)                           \
                                                          .arg(QLatin1String(#condition)));        \
    } while (false)

// Qt warnings would flood the fuzzer's output; qFatal still aborts (and so counts as a crash).
// PULSEBOOK_FUZZ_VERBOSE=1 shows them, for replaying one input.
inline void quietQt()
{
    if (qEnvironmentVariableIntValue("PULSEBOOK_FUZZ_VERBOSE") != 0)
        return;
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& text) {
        if (type == QtFatalMsg) {
            std::fprintf(stderr, "qFatal: %s\n", text.toLocal8Bit().constData());
            std::abort();
        }
    });
}

// A folder of the process's own, removed at a normal exit (a crash leaves it for inspection;
// scripts/fuzz points TMPDIR at a folder it removes).
inline const QTemporaryDir& scratch()
{
    static const QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/pulsebook-fuzz-XXXXXX"));
    if (!dir.isValid())
        fail("fuzz", QStringLiteral("cannot create a scratch folder in %1").arg(QDir::tempPath()));
    return dir;
}

// Writes `size` bytes to `path`, replacing it.
inline void writeFile(const QString& path, const void* data, size_t size)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        (size > 0 && f.write(static_cast<const char*>(data), qint64(size)) != qint64(size)))
        fail("fuzz", QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
}

inline std::string_view view(const uint8_t* data, size_t size)
{
    return {reinterpret_cast<const char*>(data), size};
}

// Bytes as C escapes, for messages about an input.
inline QString escaped(std::string_view bytes, size_t limit = 200)
{
    QString out;
    for (size_t i = 0; i < bytes.size() && i < limit; ++i) {
        const unsigned char c = static_cast<unsigned char>(bytes[i]);
        if (c == '\\' || c == '"') {
            out += QLatin1Char('\\');
            out += QLatin1Char(char(c));
        } else if (c >= 0x20 && c < 0x7F) {
            out += QLatin1Char(char(c));
        } else {
            out += QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0'));
        }
    }
    if (bytes.size() > limit)
        out += QStringLiteral("...(%1 bytes)").arg(bytes.size());
    return QLatin1Char('"') + out + QLatin1Char('"');
}

// FNV-1a: a cheap, stable choice of variants per input.
inline quint64 hashBytes(std::string_view bytes)
{
    quint64 h = 14695981039346656037ULL;
    for (char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h;
}

} // namespace pulsebook::fuzz
