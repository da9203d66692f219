#include "RagStyle.h"

#include <QCoreApplication>

namespace pulsebook::RagStyle {

Rag fromName(const QString& name)
{
    for (const Rag rag : {Rag::Green, Rag::Yellow, Rag::Red, Rag::NoData}) {
        if (name == ragName(rag))
            return rag;
    }
    return Rag::None;
}

QString glyph(Rag rag)
{
    switch (rag) {
    case Rag::Green:
        return QStringLiteral("✔");
    case Rag::Yellow:
        return QStringLiteral("▲");
    case Rag::Red:
        return QStringLiteral("✖");
    case Rag::NoData:
        return QStringLiteral("–");
    case Rag::None:
        break;
    }
    return {};
}

QString letter(Rag rag)
{
    switch (rag) {
    case Rag::Green:
        return QStringLiteral("G");
    case Rag::Yellow:
        return QStringLiteral("Y");
    case Rag::Red:
        return QStringLiteral("R");
    case Rag::NoData:
        return QStringLiteral("–");
    case Rag::None:
        break;
    }
    return {};
}

QString shortText(Rag rag)
{
    if (rag == Rag::None)
        return {};
    if (rag == Rag::NoData)
        return QCoreApplication::translate("pulsebook::RagStyle", "– no data");
    return glyph(rag) + QLatin1Char(' ') + letter(rag);
}

QString word(Rag rag)
{
    switch (rag) {
    case Rag::Green:
        return QCoreApplication::translate("pulsebook::RagStyle", "Green");
    case Rag::Yellow:
        return QCoreApplication::translate("pulsebook::RagStyle", "Yellow");
    case Rag::Red:
        return QCoreApplication::translate("pulsebook::RagStyle", "Red");
    case Rag::NoData:
        return QCoreApplication::translate("pulsebook::RagStyle", "no data");
    case Rag::None:
        break;
    }
    return {};
}

QColor colour(Rag rag)
{
    switch (rag) {
    case Rag::Green:
        return QColor(0x00, 0x9E, 0x73);
    case Rag::Yellow:
        return QColor(0xE6, 0x9F, 0x00);
    case Rag::Red:
        return QColor(0xD5, 0x5E, 0x00);
    case Rag::NoData:
        return QColor(0x99, 0x99, 0x99);
    case Rag::None:
        break;
    }
    return {};
}

QColor textOn(Rag rag)
{
    // Black reads better than white on the amber and on the grey.
    return rag == Rag::Yellow || rag == Rag::NoData ? QColor(Qt::black) : QColor(Qt::white);
}

} // namespace pulsebook::RagStyle
