#pragma once

#include "workspace/ScoreDefinitions.h"

#include <QColor>
#include <QString>

namespace pulsebook {

// How a Red / Yellow / Green band is shown: never by colour alone. A glyph and a letter carry it
// in every palette and for readers who do not see colour (✔ G, ▲ Y, ✖ R), the Okabe–Ito colours
// for those who do (red #D55E00, amber #E69F00, green #009E73).
namespace RagStyle {

// A Rag from its name as result tables hold it ("Green", "Yellow", "Red", "no data").
Rag fromName(const QString& name);
QString glyph(Rag rag);  // "✔", "▲", "✖", "–" for no data, "" for none
QString letter(Rag rag); // "G", "Y", "R", "–"
// "✖ R": what a cell shows.
QString shortText(Rag rag);
// The word a screen reader says: "Red", "no data".
QString word(Rag rag);
QColor colour(Rag rag); // invalid for None
// A text colour readable on colour(rag).
QColor textOn(Rag rag);

} // namespace RagStyle

} // namespace pulsebook
