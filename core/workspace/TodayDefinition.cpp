#include "TodayDefinition.h"

#include "ShapeProblems.h"

#include <cmath>

namespace pulsebook {

namespace {

using ShapeProblems::add;

// A whole number in [min, max] at o[key] into *out (unchanged when absent).
void readWhole(const QJsonObject& o, const char* key, const QString& path, int min, int max,
               int* out, QStringList* problems)
{
    if (!o.contains(QLatin1String(key)))
        return;
    const QJsonValue v = o.value(QLatin1String(key));
    const double d = v.toDouble();
    if (!v.isDouble() || d != std::floor(d) || d < min || d > max) {
        add(problems, path + QLatin1Char('.') + QLatin1String(key),
            QStringLiteral("expected a whole number from %1 to %2").arg(min).arg(max));
        return;
    }
    *out = int(d);
}

} // namespace

bool TodayDefinition::fromJson(const QJsonValue& v, const QString& path, TodayDefinition* out,
                               QStringList* problems)
{
    if (!v.isObject())
        return add(problems, path, QStringLiteral("expected an object"));
    const QJsonObject o = v.toObject();
    const qsizetype before = problems->size();
    const QStringList keys = {QStringLiteral("renewal_days"), QStringLiteral("onboarding_days"),
                              QStringLiteral("wau_drop"), QStringLiteral("wau_weeks")};
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!keys.contains(it.key()))
            add(problems, path + QLatin1Char('.') + it.key(),
                QStringLiteral("unknown key (expected one of %1)")
                    .arg(keys.join(QStringLiteral(", "))));
    }
    TodayDefinition d;
    readWhole(o, "renewal_days", path, 0, 3650, &d.renewalDays, problems);
    readWhole(o, "onboarding_days", path, 0, 3650, &d.onboardingDays, problems);
    readWhole(o, "wau_weeks", path, 1, 52, &d.wauWeeks, problems);
    if (o.contains(QLatin1String("wau_drop"))) {
        const QJsonValue drop = o.value(QLatin1String("wau_drop"));
        if (!drop.isDouble() || !(drop.toDouble() > 0 && drop.toDouble() <= 1))
            add(problems, path + QStringLiteral(".wau_drop"),
                QStringLiteral("expected a share above 0 and at most 1 (0.333 is a third)"));
        else
            d.wauDrop = drop.toDouble();
    }
    if (problems->size() != before)
        return false;
    *out = d;
    return true;
}

QJsonObject TodayDefinition::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("renewal_days"), renewalDays);
    o.insert(QStringLiteral("onboarding_days"), onboardingDays);
    o.insert(QStringLiteral("wau_drop"), wauDrop);
    o.insert(QStringLiteral("wau_weeks"), wauWeeks);
    return o;
}

} // namespace pulsebook
