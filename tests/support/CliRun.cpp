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
    p.start(QStringLiteral(PULSEBOOK_CLI_PATH), arguments);
    CliRun r;
    if (!p.waitForStarted())
        return r;
    if (!p.waitForFinished(options.guardMs)) {
        p.kill();
        p.waitForFinished();
        r.exitCode = -3;
    } else {
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    }
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace pulsebook::test
