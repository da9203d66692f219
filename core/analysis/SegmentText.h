#pragma once

#include "Calendar.h"
#include "workspace/SegmentDefinition.h"

#include <QString>

namespace pulsebook {

// The text form of a segment (SegmentParser.h's grammar) written from its tree, for the segment
// editor: what the widgets build is shown, saved and passed to `pulsebook-cli segment --where`
// as this text.
namespace SegmentText {

// The canonical text of `node`: SegmentParser::parse(format(n)) gives a tree whose format is
// the same text (the parser's canonical form). Groups of one child are written as that child,
// nested groups in parentheses, text values and names quoted, numbers bare, windows as typed
// durations ("within 30d"), and a range's ends as dates ("between 2026-08-01 and 2026-09-01")
// when they are local midnights of `calendar`, else as ISO 8601 instants. Empty when a group
// has no condition (no text can say that).
QString format(const SegmentNode& node, const Calendar& calendar = Calendar());

// `name` as the grammar reads a property, event or segment name: bare when it is one word
// that is no keyword, else double-quoted ("\"" and "\\" escaped).
QString quoted(const QString& text);
QString propertyName(const QString& name);

// A parser error "column C: reason" of `text` as "line:column: reason" (both from 1; the
// column counts characters of that line). Other texts are returned as they are.
QString withLine(const QString& text, const QString& parserError);
// The line and column (from 1) of the parser error; false when it names no column.
bool errorPosition(const QString& text, const QString& parserError, int* line, int* column);

// Sets a "between" window's fromDate/toDate where its ends are local midnights of `calendar`
// (as a JSON definition with dates alone reads), through the whole tree: a segment saved from
// its text then stores "2026-08-01", not an instant.
void markDates(SegmentNode* node, const Calendar& calendar);

} // namespace SegmentText
} // namespace pulsebook
