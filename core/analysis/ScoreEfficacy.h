#pragma once

#include "Scorecard.h"

#include <QJsonObject>

#include <array>
#include <vector>

namespace pulsebook {

// How well the health score predicted renewals (issue 4, "Score efficacy"): for every account
// whose renewal date has passed (before as_of) with a renewal_outcome of renewed or churned,
// the health band as of 30, 90 and 180 days before its renewal date, and for churned accounts how
// early Red appeared. A time before the account's first event has no score ("no data").
struct EfficacyBand
{
    int daysBefore = 0;
    Rag band = Rag::NoData;
    qint64 accounts = 0;
    qint64 churned = 0;
    double churnRate = 0; // churned / accounts; NaN when no accounts
};

struct EfficacyAccount
{
    int account = -1;
    qint64 renewalMs = 0;
    bool churned = false;
    std::array<double, 3> score{}; // at 30, 90, 180 days before renewal (NaN: no value)
    std::array<Rag, 3> band{};
    // The earliest of the weekly checks (renewal − 7 k days, k = 0 .. 26) at which the band was
    // Red, in days before renewal; -1 when it never was.
    int redLeadDays = -1;
};

struct EfficacyResult
{
    QJsonObject definition;
    static constexpr std::array<int, 3> Horizons{30, 90, 180};
    // Per horizon, per band (Red, Yellow, Green, no data).
    std::vector<EfficacyBand> bands;
    std::vector<EfficacyAccount> accounts; // by account number
    qint64 renewed = 0;
    qint64 churned = 0;
    qint64 churnedRedAhead = 0;   // churned accounts Red at least 30 days before renewal
    double medianRedLeadDays = 0; // over churned accounts that were Red at all; NaN if none
};

// Over the accounts of team node `node` ("" = all) in the segment filter.
Status runScoreEfficacy(const AnalysisContext& context, const QString& node, EfficacyResult* result,
                        QString* error);

} // namespace pulsebook
