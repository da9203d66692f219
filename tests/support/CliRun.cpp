#include "CliRun.h"

#include "TestConfig.h"

#include <QJsonDocument>
#include <QProcess>
#include <QtDebug>

namespace pulsebook::test {

CliRun runCli(const QStringList& arguments, const CliOptions& options)
{
    QProcess p;
    if (!options.stdoutFile.isEmpty())
        p.setStandardOutputFile(options.stdoutFile);
    if (options.childSetup)
        p.setChildProcessModifier(options.childSetup);
    if (!options.environment.isEmpty()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString& pair : options.environment)
            env.insert(pair.section(QLatin1Char('='), 0, 0), pair.section(QLatin1Char('='), 1));
        p.setProcessEnvironment(env);
    }
    const QString program =
        options.program.isEmpty() ? QStringLiteral(PULSEBOOK_CLI_PATH) : options.program;
    if (options.asUser.isEmpty())
        p.start(program, arguments);
    else
        p.start(QStringLiteral("runuser"),
                QStringList{QStringLiteral("-u"), options.asUser, QStringLiteral("--"), program} +
                    arguments);
    CliRun r;
    if (!p.waitForStarted())
        return r;
    if (!p.waitForFinished(options.guardMs)) {
        p.kill();
        p.waitForFinished();
        r.exitCode = -3;
        r.err = "still running after the hang guard; killed\n";
        return r;
    } else {
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    }
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

CliText runCliText(const QStringList& arguments, const CliOptions& options)
{
    const CliRun r = runCli(arguments, options);
    return {r.exitCode, QString::fromUtf8(r.out), QString::fromUtf8(r.err)};
}

QJsonArray runCliRows(const QStringList& arguments, int* exitCode)
{
    const CliRun run =
        runCli(arguments + QStringList{QStringLiteral("--format"), QStringLiteral("json")});
    if (exitCode)
        *exitCode = run.exitCode;
    if (run.exitCode != 0) {
        qWarning() << run.err;
        return {};
    }
    return QJsonDocument::fromJson(run.out).object().value(u"rows").toArray();
}

QMap<QString, QJsonObject> rowsByKey(const QJsonArray& rows, const QString& key)
{
    QMap<QString, QJsonObject> out;
    for (const QJsonValue& v : rows)
        out.insert(v.toObject().value(key).toString(), v.toObject());
    return out;
}

} // namespace pulsebook::test
