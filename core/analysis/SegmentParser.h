#pragma once

#include "Segment.h"

#include <QString>

namespace pulsebook {

// The readable text form of a segment, for the command line and the segment editor:
//
//   did "Login" within 30d and not did "Run Query" within 30d and account.csm = "Maya Patel"
//
//   expression := term {"or" term};  term := factor {"and" factor}
//   factor     := "not" factor | "(" expression ")" | condition
//   condition  := "did" ["not"] EVENT ["at least" N ["times"]] [window]
//               | "in segment" NAME
//               | PROPERTY ("=" | "!=" | "<" | "<=" | ">" | ">=" | "contains" | "starts with")
//                 VALUE | PROPERTY "is set" | PROPERTY "is not set"
//               | PROPERTY "in" "(" VALUE {"," VALUE} ")"
//   window     := "within" N"d" | "within" N "days" | "between" DATE "and" DATE | "ever"
//
// Keywords are case-insensitive; EVENT, NAME and text VALUEs are double-quoted ("\"" inside);
// PROPERTY is a user property or "account.<name>"; numbers and dates may stand bare.
namespace SegmentParser {

// False with *error "column C: problem" (C counts characters from 1).
bool parse(const QString& text, Segment* out, QString* error);

} // namespace SegmentParser
} // namespace pulsebook
