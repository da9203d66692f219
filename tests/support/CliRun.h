#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>

namespace pulsebook::test {

// What a pulsebook-cli run did.
struct CliRun
{
    int exitCode = -1; // -1: did not start; -2: crashed; -3: still running after the guard
    QByteArray out;    // empty when stdout went to a file
    QByteArray err;
};

struct CliOptions
{
    // stdout goes to this file (such as /dev/full) instead of being captured.
    QString stdoutFile;
    // Runs in the child between fork and exec (close a descriptor, set the umask).
    std::function<void()> childSetup;
    // A hang guard, not a timing: the run is killed after this long.
    int guardMs = 60000;
    // Runs the CLI as this user (through runuser; needs root) instead of as ourselves.
    QString asUser;
    // The program: pulsebook-cli unless set (the GUI binary: PULSEBOOK_GUI_PATH).
    QString program;
    // Variables added to the child's environment ("NAME=value").
    QStringList environment;
};

// Runs the pulsebook-cli built with the tests, as a user would.
CliRun runCli(const QStringList& arguments, const CliOptions& options = {});

// The same run with its output decoded as UTF-8, for tests that compare text.
struct CliText
{
    int exitCode = -1;
    QString out;
    QString err;
};
CliText runCliText(const QStringList& arguments, const CliOptions& options = {});

// `pulsebook-cli ARGUMENTS --format json`: its "rows", in order; none (and a warning with the
// CLI's error) when it fails. `exitCode`, when given, receives the CLI's exit code.
QJsonArray runCliRows(const QStringList& arguments, int* exitCode = nullptr);
// Rows by the text of their field `key` (account_id, user_id, ...).
QMap<QString, QJsonObject> rowsByKey(const QJsonArray& rows, const QString& key);

} // namespace pulsebook::test
