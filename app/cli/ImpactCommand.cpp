// pulsebook-cli impact: what planned changes would do to an overall rate (docs/definitions.md,
// "Impact calculator"). Arithmetic on the given numbers; with --data-scenario, reach and baselines
// are measured in the cache.
#include "AnalysisCli.h"
#include "CliCommands.h"

#include "analysis/ImpactCalculator.h"
#include "present/ImpactTables.h"
#include "sync/FieldParser.h"

#include <QJsonArray>
#include <QLocale>

#include <cmath>
#include <limits>

namespace pulsebook::cli {

namespace {

// A finite number from an option; false with a usage error naming the option.
bool numberOption(AnalysisCommand& command, const QString& option, double* value, int* code)
{
    double v = 0;
    if (!typedNumber(command.value(option), &v, nullptr)) {
        *code = command.usageError(
            QStringLiteral("--%1 must be a number such as 0.8, 10,000 or $2,277.50, not \"%2\"")
                .arg(option, command.value(option)));
        return false;
    }
    *value = v;
    return true;
}

QString percent(double fraction)
{
    return QString::number(fraction * 100, 'g', 10) + QLatin1Char('%');
}

// "12,345" or "2,277.50": amounts and counts in the summary lines.
QString amount(double value)
{
    const QLocale english(QLocale::English);
    return value == std::floor(value) ? english.toString(value, 'f', 0)
                                      : english.toString(value, 'f', 2);
}

QString signedAmount(double value)
{
    return (value >= 0 ? QStringLiteral("+") : QString()) + amount(value);
}

QString points(double value)
{
    return (value >= 0 ? QStringLiteral("+") : QString()) + QString::number(value, 'g', 6);
}

struct Sweep
{
    int scenario = -1;
    double from = 0;
    double to = 0;
    int steps = 0;
};

// "Email:0.40:0.80:9": a scenario's name (colons allowed), the first and last target rate and
// the number of points.
bool parseSweep(const QString& text, const ImpactParams& params, Sweep* sweep, QString* error)
{
    QStringList parts = text.split(QLatin1Char(':'));
    if (parts.size() < 4) {
        *error = QStringLiteral("--sweep \"%1\": expected scenario:from:to:steps").arg(text);
        return false;
    }
    const QString steps = parts.takeLast().trimmed();
    const QString to = parts.takeLast().trimmed();
    const QString from = parts.takeLast().trimmed();
    const QString name = parts.join(QLatin1Char(':')).trimmed();
    for (size_t i = 0; i < params.scenarios.size(); ++i) {
        if (params.scenarios[i].name == name) {
            sweep->scenario = int(i);
            break;
        }
    }
    if (sweep->scenario < 0) {
        *error = QStringLiteral("--sweep \"%1\": no --scenario named \"%2\"").arg(text, name);
        return false;
    }
    if (!typedNumber(from, &sweep->from, nullptr)) {
        *error = QStringLiteral("--sweep \"%1\": from \"%2\" is not a number").arg(text, from);
        return false;
    }
    if (!typedNumber(to, &sweep->to, nullptr)) {
        *error = QStringLiteral("--sweep \"%1\": to \"%2\" is not a number").arg(text, to);
        return false;
    }
    if (!typedCount(steps, &sweep->steps, nullptr)) {
        *error =
            QStringLiteral("--sweep \"%1\": steps \"%2\" is not a whole number").arg(text, steps);
        return false;
    }
    return true;
}

} // namespace

int impactCommand(const QStringList& arguments)
{
    AnalysisCommand command(QStringLiteral("impact"),
                            QStringLiteral("What planned changes would do to an overall rate "
                                           "(docs/definitions.md, \"Impact calculator\"). Needs no "
                                           "cache, except to take inputs from data "
                                           "(--data-scenario)."));
    auto& p = command.parser();
    p.addOption(
        {QStringLiteral("users"), QStringLiteral("All users, N (> 0)."), QStringLiteral("N")});
    p.addOption({QStringLiteral("baseline"),
                 QStringLiteral("The overall rate now, R, as a fraction (0.80)."),
                 QStringLiteral("RATE")});
    p.addOption({QStringLiteral("scenario"),
                 QStringLiteral("A change, repeatable: name:reach:baseline:target, such as "
                                "\"Email:500:0.40:0.55\" (rates as fractions)."),
                 QStringLiteral("SPEC")});
    p.addOption({QStringLiteral("mode"),
                 QStringLiteral("default: n/N × (r1 − r0); guide: n/N × (r1 − r0) × (1 − r0), "
                                "the formula of the published example."),
                 QStringLiteral("MODE"), QStringLiteral("default")});
    p.addOption({QStringLiteral("arr-per-user"),
                 QStringLiteral("ARR per user, for the ARR impact column (2277, \"$2,277.50\"). "
                                "With --data-scenario it is measured unless given: the total "
                                "ARR of the accounts in scope over their users."),
                 QStringLiteral("AMOUNT")});
    p.addOption({QStringLiteral("sweep"),
                 QStringLiteral("Instead of the scenarios' rows: the delta of one scenario for "
                                "target rates from..to in STEPS points, such as "
                                "\"Email:0.40:0.80:9\"."),
                 QStringLiteral("SCENARIO:FROM:TO:STEPS")});
    p.addOption({QStringLiteral("data-scenario"),
                 QStringLiteral("A change measured in the cache, repeatable: name:segment:target, "
                                "such as \"Nudge:Not connected to data:0.60\": the reach is the "
                                "segment's size, the baseline its measured rate."),
                 QStringLiteral("SPEC")});
    p.addOption({QStringLiteral("rate"),
                 QStringLiteral("The measured rate: retention (default; of the users active in "
                                "the window before the last, those active again in the last) "
                                "or active (active in the last window)."),
                 QStringLiteral("MEASURE"), QStringLiteral("retention")});
    p.addOption({QStringLiteral("rate-event"),
                 QStringLiteral("The event that counts as active (default: any event)."),
                 QStringLiteral("EVENT")});
    p.addOption({QStringLiteral("rate-window"),
                 QStringLiteral("The window of the measured rate (default 30d)."),
                 QStringLiteral("DURATION"), QStringLiteral("30d")});
    if (const int rc = command.parse(arguments); rc >= 0)
        return rc;
    const bool fromData = command.isSet(QStringLiteral("data-scenario"));
    if (!fromData) {
        for (const char* unused : {"cache", "as-of", "segment"}) {
            if (command.isSet(QLatin1String(unused)))
                return command.usageError(
                    QStringLiteral("--%1 applies only with --data-scenario: impact works on the "
                                   "given numbers")
                        .arg(QLatin1String(unused)));
        }
    }
    for (const char* required : {"users", "baseline", "scenario"}) {
        if (!fromData && !command.isSet(QLatin1String(required)))
            return command.usageError(
                QStringLiteral("--%1 is required").arg(QLatin1String(required)));
    }

    ImpactParams params;
    int code = 0;
    if ((command.isSet(QStringLiteral("users")) &&
         !numberOption(command, QStringLiteral("users"), &params.users, &code)) ||
        (command.isSet(QStringLiteral("baseline")) &&
         !numberOption(command, QStringLiteral("baseline"), &params.baseline, &code)))
        return code;
    const QString mode = command.value(QStringLiteral("mode"));
    if (mode == QLatin1String("guide"))
        params.mode = ImpactMode::Guide;
    else if (mode != QLatin1String("default"))
        return command.usageError(QStringLiteral("--mode must be default or guide"));
    if (command.isSet(QStringLiteral("arr-per-user"))) {
        if (!numberOption(command, QStringLiteral("arr-per-user"), &params.arrPerUser, &code))
            return code;
        if (params.arrPerUser < 0)
            return command.usageError(QStringLiteral("--arr-per-user must be 0 or more"));
    }
    QString error;
    for (const QString& text : command.parser().values(QStringLiteral("scenario"))) {
        ImpactScenario scenario;
        if (!parseImpactScenario(text, &scenario, &error))
            return command.usageError(error);
        params.scenarios.push_back(scenario);
    }
    QJsonArray measured;
    if (fromData) {
        RateDefinition rate;
        const QString measure = command.value(QStringLiteral("rate"));
        if (measure == QLatin1String("active"))
            rate.measure = RateMeasure::Active;
        else if (measure != QLatin1String("retention"))
            return command.usageError(QStringLiteral("--rate must be retention or active"));
        rate.event = command.value(QStringLiteral("rate-event"));
        if (!AnalysisCommand::durationValue(command.value(QStringLiteral("rate-window")),
                                            &rate.windowMs))
            return command.usageError(
                QStringLiteral("--rate-window must be a duration such as 30d, 4w or 12h"));
        if (const int rc = command.open(); rc >= 0)
            return rc;
        MeasuredRate all;
        if (!measureRate(command.context(), {}, rate, &all, &error))
            return command.failure(error);
        if (!command.isSet(QStringLiteral("users")))
            params.users = double(all.users);
        if (!command.isSet(QStringLiteral("baseline")))
            params.baseline = all.rate;
        measured.append(QJsonObject{{QStringLiteral("group"), QStringLiteral("all users")},
                                    {QStringLiteral("users"), all.users},
                                    {QStringLiteral("rate"), all.rate}});
        for (const QString& text : command.parser().values(QStringLiteral("data-scenario"))) {
            QStringList parts = text.split(QLatin1Char(':'));
            if (parts.size() < 3)
                return command.usageError(
                    QStringLiteral("--data-scenario \"%1\": expected name:segment:target")
                        .arg(text));
            ImpactScenario scenario;
            scenario.name = parts.takeFirst().trimmed();
            const bool ok = typedNumber(parts.takeLast(), &scenario.target, nullptr);
            if (!ok || scenario.name.isEmpty())
                return command.usageError(
                    QStringLiteral("--data-scenario \"%1\": expected name:segment:target with "
                                   "the target rate as a fraction")
                        .arg(text));
            const QString segment = parts.join(QLatin1Char(':')).trimmed();
            std::vector<char> members;
            if (const int rc =
                    command.segmentMembers(QStringLiteral("--data-scenario"), segment, &members);
                rc >= 0)
                return rc;
            MeasuredRate group;
            if (!measureRate(command.context(), members, rate, &group, &error))
                return command.failure(error);
            if (group.users == 0)
                return command.failure(
                    QStringLiteral("--data-scenario \"%1\": segment \"%2\" has no %3 users to "
                                   "measure")
                        .arg(scenario.name, segment,
                             rate.measure == RateMeasure::Retention ? QStringLiteral("eligible")
                                                                    : QString()));
            scenario.reach = double(group.users);
            scenario.baseline = group.rate;
            params.scenarios.push_back(scenario);
            measured.append(QJsonObject{{QStringLiteral("group"), segment},
                                        {QStringLiteral("scenario"), scenario.name},
                                        {QStringLiteral("users"), group.users},
                                        {QStringLiteral("rate"), group.rate}});
        }
    }
    // ARR per user from the data unless typed: the accounts in scope's ARR over their users.
    MeasuredArr arr;
    const bool arrMeasured = fromData && !command.isSet(QStringLiteral("arr-per-user"));
    if (arrMeasured) {
        arr = measureArrPerUser(command.context());
        if (!std::isnan(arr.perUser))
            params.arrPerUser = arr.perUser;
    }
    ImpactResult result;
    if (!computeImpact(params, &result, &error))
        return command.usageError(error);
    if (arrMeasured)
        result.definition.insert(
            QStringLiteral("arr_per_user_measured"),
            QJsonObject{{QStringLiteral("accounts"), arr.accounts},
                        {QStringLiteral("users"), arr.users},
                        {QStringLiteral("total_arr"), arr.totalArr},
                        {QStringLiteral("arr_per_user"),
                         std::isnan(arr.perUser) ? QJsonValue() : QJsonValue(arr.perUser)}});
    if (fromData) {
        result.definition.insert(QStringLiteral("measured"), measured);
        result.definition.insert(
            QStringLiteral("rate"),
            QJsonObject{{QStringLiteral("measure"), command.value(QStringLiteral("rate"))},
                        {QStringLiteral("event"), command.value(QStringLiteral("rate-event"))},
                        {QStringLiteral("window"), command.value(QStringLiteral("rate-window"))}});
    }

    QJsonObject definition = result.definition;
    QStringList notes;
    notes.append(QStringLiteral("%1 users, overall rate %2; %3")
                     .arg(QString::number(params.users, 'g', 15), percent(params.baseline),
                          params.mode == ImpactMode::Guide
                              ? QStringLiteral("guide mode: Δ = n/N × (r1 − r0) × (1 − r0)")
                              : QStringLiteral("default mode: Δ = n/N × (r1 − r0)")));
    if (fromData)
        notes.append(
            QStringLiteral("Measured as of %1: %2 of %3 in the last %4%5")
                .arg(
                    FieldParser::formatDate(command.context().asOfMs),
                    command.value(QStringLiteral("rate")) == QLatin1String("active")
                        ? QStringLiteral("users active")
                        : QStringLiteral("retention (users active again)"),
                    command.value(QStringLiteral("rate-event")).isEmpty()
                        ? QStringLiteral("any event")
                        : QStringLiteral("\"%1\"").arg(command.value(QStringLiteral("rate-event"))),
                    command.value(QStringLiteral("rate-window")),
                    command.context().segment.empty()
                        ? QString()
                        : QStringLiteral(", users of \"%1\"").arg(command.context().segmentName)));

    if (command.isSet(QStringLiteral("sweep"))) {
        Sweep sweep;
        if (!parseSweep(command.value(QStringLiteral("sweep")), params, &sweep, &error))
            return command.usageError(error);
        std::vector<std::pair<double, double>> points;
        if (!impactSweep(params, sweep.scenario, sweep.from, sweep.to, sweep.steps, &points,
                         &error))
            return command.usageError(QStringLiteral("--") + error);
        const QString name = params.scenarios[size_t(sweep.scenario)].name;
        definition.insert(QStringLiteral("sweep"),
                          QJsonObject{{QStringLiteral("scenario"), name},
                                      {QStringLiteral("from"), sweep.from},
                                      {QStringLiteral("to"), sweep.to},
                                      {QStringLiteral("steps"), sweep.steps}});
        notes.append(QStringLiteral("Sweep of \"%1\"'s target rate").arg(name));
        ResultTable table = impactSweepTable(params, name, points);
        table.definition = definition;
        table.notes = notes;
        return command.output(table);
    }

    if (arrMeasured) {
        notes.append(
            std::isnan(arr.perUser)
                ? QStringLiteral("No ARR per user: no account with an ARR has users in scope "
                                 "(--arr-per-user sets one)")
                : QStringLiteral("ARR per user %1: the total ARR %2 of the %3 accounts with "
                                 "users in scope, over their %4 users (--arr-per-user sets "
                                 "another)")
                      .arg(amount(arr.perUser), amount(arr.totalArr), amount(arr.accounts),
                           amount(arr.users)));
    } else if (params.arrPerUser >= 0) {
        notes.append(QStringLiteral("ARR per user %1 (as given)").arg(amount(params.arrPerUser)));
    }
    const bool hasArr = params.arrPerUser >= 0;
    const ImpactRow& total = result.total;
    for (size_t i = 0; i < result.rows.size(); ++i) {
        const ImpactScenario& s = params.scenarios[i];
        const ImpactRow& row = result.rows[i];
        notes.append(QStringLiteral("\"%1\" reaches %2 of %3 users (%4); moving them from %5 to %6 "
                                    "is %7 users, %8 points on the overall rate%9")
                         .arg(row.name, amount(s.reach), amount(params.users),
                              percent(s.reach / params.users), percent(s.baseline),
                              percent(s.target), signedAmount(row.extraUsers),
                              points(row.deltaPoints),
                              hasArr ? QStringLiteral(", %1 ARR").arg(signedAmount(row.arrImpact))
                                     : QString()));
    }
    notes.append(
        QStringLiteral("All together: %1 points (overall rate %2 → %3), %4 users%5; where the "
                       "groups overlap, this is at most the sum (extra users are rounded to "
                       "whole users, halves away from zero)")
            .arg(points(total.deltaPoints), percent(params.baseline), percent(total.newRate),
                 signedAmount(total.extraUsers),
                 hasArr ? QStringLiteral(", %1 ARR").arg(signedAmount(total.arrImpact))
                        : QString()));
    ResultTable table = impactTable(params, result);
    table.definition = definition;
    table.notes = notes;
    return command.output(table);
}

} // namespace pulsebook::cli
