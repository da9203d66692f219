#include "CliRun.h"

#include "TestConfig.h"

#include <QProcess>

namespace pulsebook::test {

CliRun runCli(const QStringList& arguments, const CliOptions& options)
{
    QProcess p;
    if (!options.stdoutFile.isEmpty())
        p.setStandardOutputFile(options.stdoutFile);
    if (options.childSetup)
        p.setChildProcessModifier(options.childSetup);
    if (options.asUser.isEmpty())
        p.start(QStringLiteral(PULSEBOOK_CLI_PATH), arguments);
    else
        p.start(QStringLiteral("runuser"),
                QStringList{QStringLiteral("-u"), options.asUser, QStringLiteral("--"),
                            QStringLiteral(PULSEBOOK_CLI_PATH)} +
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

} // namespace pulsebook::test
