#pragma once

#include "Calendar.h"
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
//   window     := "within" DURATION | "within" N ("days" | "weeks") | "between" DATE "and" DATE
//               | "ever"
//
// Keywords are case-insensitive; EVENT, NAME and text VALUEs are double-quoted ("\"" inside);
// PROPERTY is a user property (optionally "user.<name>") or "account.<name>", the name quoted
// when it has spaces ("account.\"Billing Country\""); numbers and dates may stand bare.
// DURATION is parseWindow's (15s, 36h, 30d, 2w): the window [as_of - DURATION, as_of).
namespace SegmentParser {

// False with *error "column C: problem" (C counts characters from 1). Dates without a time
// ("between 2026-08-01 and ...") are midnights of `calendar`.
bool parse(const QString& text, Segment* out, QString* error,
           const Calendar& calendar = Calendar());

} // namespace SegmentParser
} // namespace pulsebook
