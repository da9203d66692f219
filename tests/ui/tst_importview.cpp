// The import view, offscreen, in the real main window: a real-spelling export mapped through
// its combo boxes lands what `pulsebook-cli sync --map ...` lands and saves the mapping; the plan
// shows what `sync --dry-run` prints; a bad file and a cancel change nothing.
#include "ImportView.h"
#include "MainWindow.h"
#include "Settings.h"
#include "SyncResultPanel.h"
#include "TestSupport.h"
#include "cache/Cache.h"
#include "sync/DemoGenerator.h"
#include "sync/ExportFormat.h"
#include "sync/ExportMapping.h"
#include "sync/ExportSync.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace pulsebook;

namespace {

QString exportDir(const char* name)
{
    return test::dataPath(QStringLiteral("exports/") + QLatin1String(name));
}

// A copy of a fixture folder, so that the test's syncs never touch tests/data.
QString copyExport(const QTemporaryDir& dir, const char* name)
{
    const QString to = dir.filePath(QLatin1String(name));
    QDir().mkpath(to);
    const QDir from(exportDir(name));
    for (const QString& f : from.entryList(QDir::Files))
        QFile::copy(from.filePath(f), to + QLatin1Char('/') + f);
    return to;
}

// Shows `window`, opens the workspace at `path` in it (a new one when `create`) and shows the
// import view for `folder` once its plan is read; null when a step fails.
ImportView* openImport(MainWindow& window, const QString& path, const QString& folder, bool create)
{
    window.show();
    if (!QTest::qWaitForWindowActive(&window))
        return nullptr;
    QSignalSpy shown(&window, &MainWindow::summaryShown);
    window.openWorkspace(path, create);
    if (!shown.wait(10000))
        return nullptr;
    if (!window.showView(QStringLiteral("import"), folder))
        return nullptr;
    auto* view = qobject_cast<ImportView*>(window.view(QStringLiteral("import")));
    return view && QTest::qWaitFor([view] { return view->isReady(); }, 10000) ? view : nullptr;
}

template <typename T> T* find(QWidget* in, const QString& name)
{
    return in->findChild<T*>(name);
}

// Chooses an item of a combo box as a user does: focus, then type the start of its text.
void typeInto(QWidget* in, const QString& comboName, const QString& prefix)
{
    auto* combo = find<QComboBox>(in, comboName);
    QVERIFY2(combo, qPrintable(comboName));
    combo->setFocus();
    QTest::keyClicks(combo, prefix);
}

// The plan as the widgets show it, in the lines `sync --dry-run` prints them (columns of a
// table sorted: the widgets list fields by the contract's order, the CLI by the file's).
QStringList shownPlan(ImportView* view)
{
    QStringList lines;
    const auto groups =
        view->findChildren<QGroupBox*>(QRegularExpression(QStringLiteral("^plan-")));
    for (QGroupBox* g : groups) {
        const QString table = g->objectName().mid(5);
        lines.append(QStringLiteral("table %1: %2").arg(table, g->title()));
        QStringList columns;
        for (auto* combo : g->findChildren<QComboBox*>(
                 QRegularExpression(QStringLiteral("^field-%1-").arg(table)))) {
            if (combo->currentIndex() <= 0)
                continue;
            const QString field = combo->objectName().section(QLatin1Char('-'), 2);
            const QString how =
                g->findChild<QLabel*>(QStringLiteral("how-%1-%2").arg(table, field))->text();
            columns.append(QStringLiteral("\"%1\" -> %2%3")
                               .arg(combo->currentText(), field,
                                    how == QLatin1String("by name")
                                        ? QString()
                                        : QStringLiteral(" (%1)").arg(how)));
        }
        const QString kept = g->findChild<QLabel*>(QStringLiteral("properties-") + table)->text();
        static const QRegularExpression quoted(QStringLiteral("\"([^\"]*)\""));
        for (auto it = quoted.globalMatch(kept); it.hasNext();)
            columns.append(QStringLiteral("\"%1\" -> property").arg(it.next().captured(1)));
        columns.sort();
        lines += columns;
    }
    if (auto* absent = find<QLabel>(view, QStringLiteral("absentTables")))
        lines.append(absent->text().replace(QStringLiteral("No file for: "),
                                            QStringLiteral("no file for: ")));
    for (auto* label :
         view->findChildren<QLabel*>(QRegularExpression(QStringLiteral("^ignored-")))) {
        lines.append(
            QStringLiteral("ignored %1: %2").arg(label->objectName().mid(8), label->text()));
    }
    return lines;
}

// The same lines from the CLI's dry run.
QStringList printedPlan(const QString& text)
{
    QStringList lines;
    QStringList columns;
    auto flush = [&] {
        columns.sort();
        lines += columns;
        columns.clear();
    };
    static const QRegularExpression table(QStringLiteral("^  (\\w+) <- (\\S+)"));
    static const QRegularExpression suggestion(QStringLiteral(": read it with --map .*$"));
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        const auto m = table.match(line);
        if (m.hasMatch()) {
            flush();
            lines.append(QStringLiteral("table %1: %1 ← %2").arg(m.captured(1), m.captured(2)));
        } else if (line.startsWith(QLatin1String("    \""))) {
            columns.append(line.trimmed());
        } else if (line.startsWith(QLatin1String("  no file for: ")) ||
                   line.startsWith(QLatin1String("  ignored "))) {
            flush();
            lines.append(line.trimmed().remove(suggestion));
        }
    }
    flush();
    return lines;
}

// What the plan shows for `field` of `table`: its box's choice and how it came to fill it.
QString shownField(QWidget* view, const QString& table, const QString& field)
{
    const auto* combo = find<QComboBox>(view, QStringLiteral("field-%1-%2").arg(table, field));
    const auto* how = find<QLabel>(view, QStringLiteral("how-%1-%2").arg(table, field));
    return combo && how ? QStringLiteral("%1 / %2").arg(combo->currentText(), how->text())
                        : QStringLiteral("no such field");
}

// A CRM export of our own: team.csv with a synonym ("title") and accounts.csv whose "Account
// Owner" fills csm by synonym; most optional fields have no column.
QString writeCrmExport(const QTemporaryDir& dir)
{
    const QString folder = dir.filePath(QStringLiteral("crm"));
    test::writeFile(folder, QStringLiteral("team.csv"), "person,title\nRiya Patel,CSM\n");
    test::writeFile(folder, QStringLiteral("accounts.csv"),
                    "account_id,Account Owner,Segment\nK-7,Riya Patel,SMB\nK-9,,MM\n");
    return folder;
}

// The object names keyboard focus visits: the folder field, then `tabs` presses of Tab.
QStringList tabWalk(ImportView* view, int tabs)
{
    find<QLineEdit>(view, QStringLiteral("importFolder"))->setFocus(Qt::TabFocusReason);
    QStringList names{QApplication::focusWidget()->objectName()};
    for (int i = 0; i < tabs; ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        names.append(QApplication::focusWidget()->objectName());
    }
    return names;
}

} // namespace

class TestImportView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void init()
    {
        m_settings = std::make_unique<Settings>(m_settingsDir.filePath(QStringLiteral("s.ini")));
    }
    void cleanup()
    {
        m_settings.reset();
        QFile::remove(m_settingsDir.filePath(QStringLiteral("s.ini")));
    }

    // The plan the view shows is the one `sync --dry-run` prints, file by file.
    void planMatchesDryRun_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::newRow("heap-connect") << QStringLiteral("heap-connect");
        QTest::newRow("salesforce-hr") << QStringLiteral("salesforce-hr");
    }
    void planMatchesDryRun()
    {
        QFETCH(QString, fixture);
        QTemporaryDir dir;
        const QString folder = copyExport(dir, qPrintable(fixture));
        const QString path = dir.filePath(QStringLiteral("w.pulsebook"));
        const test::CliText r =
            test::runCliText({QStringLiteral("sync"), folder, QStringLiteral("--dry-run"),
                              QStringLiteral("--cache"), path});
        MainWindow window;
        ImportView* view = openImport(window, path, folder, true);
        QVERIFY(view);
        const QStringList expected = printedPlan(r.out);
        QVERIFY(expected.size() >= 3);
        QCOMPARE(shownPlan(view), expected);
        auto* sync = find<QPushButton>(view, QStringLiteral("startSync"));
        auto* blocked = find<QLabel>(view, QStringLiteral("syncBlocked"));
        if (r.exitCode == 0) {
            QVERIFY(sync->isEnabled());
        } else {
            // The CLI's reason, in words beside the disabled button.
            QVERIFY(!sync->isEnabled());
            QVERIFY2(
                r.err.contains(blocked->text().section(QStringLiteral("Cannot sync yet: "), 1)),
                qPrintable(blocked->text()));
            QVERIFY(blocked->text().startsWith(QStringLiteral("✖ Cannot sync yet: ")));
        }
    }

    // A Salesforce report and an HR list mapped through the combo boxes land what the CLI
    // lands with the same mapping; the mapping is saved, so the next sync just runs.
    void mappedImportLandsWhatTheCliLands()
    {
        QTemporaryDir dir;
        const QString folder = copyExport(dir, "salesforce-hr");
        const QString reference = dir.filePath(QStringLiteral("cli.pulsebook"));
        const test::CliText r = test::runCliText(
            {QStringLiteral("sync"), folder, QStringLiteral("--cache"), reference,
             QStringLiteral("--map"), QStringLiteral("accounts=report1733312345678.csv"),
             QStringLiteral("--map"), QStringLiteral("team=employees.csv"), QStringLiteral("--map"),
             QStringLiteral("accounts.csm=CSM Assigned"), QStringLiteral("--date-order"),
             QStringLiteral("MDY"), QStringLiteral("--save-map")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));

        const QString path = dir.filePath(QStringLiteral("ui.pulsebook"));
        auto window = std::make_unique<MainWindow>();
        ImportView* view = openImport(*window, path, folder, true);
        QVERIFY(view);
        auto* sync = find<QPushButton>(view, QStringLiteral("startSync"));
        QVERIFY(!sync->isEnabled());
        QCOMPARE(find<QLabel>(view, QStringLiteral("ignored-report1733312345678.csv"))->text(),
                 QStringLiteral("no table has this file name; it has the columns of accounts"));

        typeInto(view, QStringLiteral("useAs-report1733312345678.csv"), QStringLiteral("acc"));
        QTRY_VERIFY(find<QGroupBox>(view, QStringLiteral("plan-accounts")));
        typeInto(view, QStringLiteral("useAs-employees.csv"), QStringLiteral("team"));
        QTRY_VERIFY(find<QGroupBox>(view, QStringLiteral("plan-team")) && view->isReady());
        QCOMPARE(find<QComboBox>(view, QStringLiteral("field-accounts-csm"))->currentText(),
                 QStringLiteral("(none)"));
        typeInto(view, QStringLiteral("field-accounts-csm"), QStringLiteral("CSM"));
        QTRY_COMPARE(shownField(view, QStringLiteral("accounts"), QStringLiteral("csm")),
                     QStringLiteral("CSM Assigned / mapped"));
        QTRY_VERIFY(view->isReady());
        typeInto(view, QStringLiteral("dateOrder"), QStringLiteral("M"));
        QTRY_VERIFY(view->isReady() && sync->isEnabled());
        QCOMPARE(view->mapping().dateOrder, FieldParser::DateOrder::MDY);

        QSignalSpy finished(window.get(), &MainWindow::syncFinished);
        sync->setFocus();
        QTest::keyClick(sync, Qt::Key_Return); // Enter starts the sync
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().first().toBool(), true);
        QCOMPARE(find<QLabel>(view, QStringLiteral("rows-accounts"))->text(), QStringLiteral("3"));
        QCOMPARE(find<QLabel>(view, QStringLiteral("rows-team"))->text(), QStringLiteral("5"));
        QVERIFY(find<QLabel>(view, QStringLiteral("syncNotes"))
                    ->text()
                    .contains(QStringLiteral("The mapping is saved in the workspace")));

        auto a = test::snapshot(reference);
        auto b = test::snapshot(path);
        QCOMPARE(b.keys(), a.keys());
        for (auto it = a.constBegin(); it != a.constEnd(); ++it)
            QVERIFY2(b.value(it.key()) == it.value(), qPrintable(it.key()));
        auto stored = [](const QString& cachePath) {
            Cache cache;
            ExportMapping m;
            QString error;
            if (!cache.openForReading(cachePath, &error) || !ExportMapping::load(cache, &m, &error))
                qWarning("%s", qPrintable(error));
            return m;
        };
        const ExportMapping cli = stored(reference);
        const ExportMapping ui = stored(path);
        QVERIFY(ui.files == cli.files);
        QVERIFY(ui.columns == cli.columns);
        QCOMPARE(ui.dateOrder, cli.dateOrder);

        // A new window on the same workspace: the saved mapping reads the folder at once.
        window = std::make_unique<MainWindow>();
        view = openImport(*window, path, folder, false);
        QVERIFY(view);
        sync = find<QPushButton>(view, QStringLiteral("startSync"));
        QVERIFY(sync->isEnabled());
        QCOMPARE(find<QComboBox>(view, QStringLiteral("field-accounts-csm"))->currentText(),
                 QStringLiteral("CSM Assigned"));
        QSignalSpy again(window.get(), &MainWindow::syncFinished);
        QTest::mouseClick(sync, Qt::LeftButton);
        QVERIFY(again.wait(20000));
        QCOMPARE(again.first().first().toBool(), true);
        QCOMPARE(test::snapshot(path), b);
    }

    // Tab from the folder walks the plan's boxes file by file, field by field (the folded
    // optional fields only once unfolded, by keyboard), then the date order, the mode and Sync.
    void tabWalksThePlanInReadingOrder()
    {
        QTemporaryDir dir;
        const QString folder = writeCrmExport(dir);
        MainWindow window;
        ImportView* view =
            openImport(window, dir.filePath(QStringLiteral("w.pulsebook")), folder, true);
        QVERIFY(view);
        const QStringList head{
            QStringLiteral("importFolder"),      QStringLiteral("chooseFolder"),
            QStringLiteral("field-team-person"), QStringLiteral("field-team-role"),
            QStringLiteral("showUnused-team"),   QStringLiteral("field-accounts-account_id")};
        const QStringList tail{QStringLiteral("showUnused-accounts"), QStringLiteral("dateOrder"),
                               QStringLiteral("strictMode"), QStringLiteral("startSync")};
        QCOMPARE(tabWalk(view, 10),
                 head + QStringList{QStringLiteral("field-accounts-csm")} + tail);
        // team: manager has no column; accounts: 17 fields, account_id and csm filled.
        QCOMPARE(find<QToolButton>(view, QStringLiteral("showUnused-team"))->text(),
                 QStringLiteral("Show 1 unused optional field"));
        auto* toggle = find<QToolButton>(view, QStringLiteral("showUnused-accounts"));
        QCOMPARE(toggle->text(), QStringLiteral("Show 15 unused optional fields"));
        QVERIFY(!find<QComboBox>(view, QStringLiteral("field-accounts-arr"))->isVisible());

        toggle->setFocus(Qt::TabFocusReason);
        QTest::keyClick(toggle, Qt::Key_Space);
        QCOMPARE(toggle->text(), QStringLiteral("Hide 15 unused optional fields"));
        QVERIFY(find<QComboBox>(view, QStringLiteral("field-accounts-arr"))->isVisible());
        QStringList accounts; // every field of the contract's accounts, in its order
        for (const auto& column : ExportFormat::spec(ExportFormat::Table::Accounts).columns)
            accounts.append(QStringLiteral("field-accounts-") + QLatin1String(column.name));
        QCOMPARE(accounts.size(), 17);
        QCOMPARE(tabWalk(view, 25), head + accounts.mid(1) + tail);
    }

    // "(none)" on a field its synonym fills stops it: the column becomes a property, and the
    // sync lands and saves what `sync --map accounts.csm= --save-map` does.
    void noneStopsAFieldMatchedByName()
    {
        QTemporaryDir dir;
        const QString folder = writeCrmExport(dir);
        const QString reference = dir.filePath(QStringLiteral("cli.pulsebook"));
        const test::CliText r =
            test::runCliText({QStringLiteral("sync"), folder, QStringLiteral("--cache"), reference,
                              QStringLiteral("--map"), QStringLiteral("accounts.csm="),
                              QStringLiteral("--save-map")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));

        const QString path = dir.filePath(QStringLiteral("ui.pulsebook"));
        MainWindow window;
        ImportView* view = openImport(window, path, folder, true);
        QVERIFY(view);
        const QString accounts = QStringLiteral("accounts"), csm = QStringLiteral("csm");
        QCOMPARE(shownField(view, accounts, csm), QStringLiteral("Account Owner / synonym"));
        typeInto(view, QStringLiteral("field-accounts-csm"), QStringLiteral("(n"));
        QTRY_COMPARE(shownField(view, accounts, csm),
                     QStringLiteral("(none) / no column (mapped)"));
        QTRY_VERIFY(view->isReady());
        QCOMPARE(find<QLabel>(view, QStringLiteral("properties-accounts"))->text(),
                 QStringLiteral("Kept as properties: \"Account Owner\", \"Segment\""));
        QVERIFY(view->mapping().columns.value(QStringLiteral("accounts")) ==
                (QMap<QString, QString>{{QStringLiteral("csm"), QString()}}));

        QSignalSpy finished(&window, &MainWindow::syncFinished);
        QTest::mouseClick(find<QPushButton>(view, QStringLiteral("startSync")), Qt::LeftButton);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().first().toBool(), true);
        // The whole cache, the saved workspace (meta) included.
        QCOMPARE(test::snapshot(path), test::snapshot(reference));
    }

    // A bad row stops a strict sync: the error as `file:line:column: reason`, selectable and
    // copyable, and the workspace as it was. With skip-bad-rows the row goes to the rejects
    // file, which the summary opens.
    void badFileChangesNothing()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("export"));
        test::writeFile(folder, QStringLiteral("events.csv"),
                        "event_id,user_id,time,event\n"
                        "1,u1,2026-10-30T10:00:00Z,Login\n"
                        "2,u2,yesterday,Login\n"
                        "3,u2,2026-10-31T09:00:00Z,Login\n");
        const QString path = dir.filePath(QStringLiteral("w.pulsebook"));
        {
            Cache cache;
            QString error;
            QVERIFY2(cache.open(path, true, &error), qPrintable(error));
        }
        const auto before = test::snapshot(path);
        MainWindow window;
        ImportView* view = openImport(window, path, folder, false);
        QVERIFY(view);
        QSignalSpy finished(&window, &MainWindow::syncFinished);
        QTest::mouseClick(find<QPushButton>(view, QStringLiteral("startSync")), Qt::LeftButton);
        QVERIFY(finished.wait(20000));
        auto* error = find<QLabel>(view, QStringLiteral("syncError"));
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().startsWith(folder + QStringLiteral("/events.csv:3:6: ")) &&
                     error->text().contains(QStringLiteral("yesterday")),
                 qPrintable(error->text()));
        QVERIFY(error->textInteractionFlags() & Qt::TextSelectableByMouse);
        QCOMPARE(find<QLabel>(view, QStringLiteral("syncOutcome"))->text(),
                 QStringLiteral("✖ The sync stopped. The workspace is unchanged."));
        QTest::mouseClick(find<QPushButton>(view, QStringLiteral("copyError")), Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), error->text());
        QCOMPARE(test::snapshot(path), before);

        QString opened;
        view->resultPanel()->setFileOpener([&opened](const QString& p) { opened = p; });
        QTest::mouseClick(find<QRadioButton>(view, QStringLiteral("skipBadRows")), Qt::LeftButton);
        QTest::mouseClick(find<QPushButton>(view, QStringLiteral("startSync")), Qt::LeftButton);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.last().first().toBool(), true);
        QCOMPARE(find<QLabel>(view, QStringLiteral("rows-events"))->text(), QStringLiteral("2"));
        QCOMPARE(find<QLabel>(view, QStringLiteral("rejectedRows"))->text(),
                 QStringLiteral("1 rejected —"));
        auto* open = find<QPushButton>(view, QStringLiteral("openRejects"));
        QVERIFY(open->isVisible());
        QTest::mouseClick(open, Qt::LeftButton);
        QCOMPARE(opened, path + QStringLiteral(".rejects.csv"));
        QVERIFY(QFileInfo::exists(opened));
    }

    // Cancel (Esc) during a sync: the workspace is unchanged and the window keeps working.
    void cancelChangesNothing()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("demo"));
        DemoOptions options;
        options.users = 2000;
        options.events = 300000;
        QString error;
        QVERIFY2(generateDemo(folder, options, nullptr, nullptr, &error), qPrintable(error));
        const QString path = dir.filePath(QStringLiteral("w.pulsebook"));
        MainWindow window;
        ImportView* view = openImport(window, path, folder, true);
        QVERIFY(view);
        const auto before = test::snapshot(path);
        QSignalSpy finished(&window, &MainWindow::syncFinished);
        auto* sync = find<QPushButton>(view, QStringLiteral("startSync"));
        QVERIFY(sync->isEnabled());
        QTest::mouseClick(sync, Qt::LeftButton);
        auto* cancel = find<QPushButton>(view, QStringLiteral("importCancel"));
        QVERIFY(cancel->isVisible() && cancel->isEnabled());
        QVERIFY(!sync->isEnabled());
        QTest::keyClick(view, Qt::Key_Escape);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().first().toBool(), false);
        QCOMPARE(find<QLabel>(view, QStringLiteral("syncOutcome"))->text(),
                 QStringLiteral("Sync cancelled: the workspace is unchanged."));
        QCOMPARE(test::snapshot(path), before);
        QVERIFY(window.showView(QStringLiteral("overview")));
        QCOMPARE(window.currentViewId(), QStringLiteral("overview"));
        QVERIFY(window.showView(QStringLiteral("import")));
        QVERIFY(sync->isEnabled());
    }

    // The warehouse tab: Test Connection names what failed (no server on the port); the
    // keychain, absent here, says so plainly; the connection (never the password) is remembered.
    void warehouseTestConnection()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.pulsebook"));
        MainWindow window;
        ImportView* view = openImport(window, path, QString(), true);
        QVERIFY(view);
        auto* tabs = find<QTabWidget>(view, QStringLiteral("importTabs"));
        tabs->setCurrentIndex(1);
        auto* host = find<QLineEdit>(view, QStringLiteral("warehouseHost"));
        host->clear();
        QTest::keyClicks(host, QStringLiteral("127.0.0.1"));
        auto* port = find<QSpinBox>(view, QStringLiteral("warehousePort"));
        port->selectAll();
        QTest::keyClicks(port, QStringLiteral("1"));
        QTest::keyClicks(find<QLineEdit>(view, QStringLiteral("warehouseDatabase")),
                         QStringLiteral("analytics"));
        QTest::keyClicks(find<QLineEdit>(view, QStringLiteral("warehouseUser")),
                         QStringLiteral("csm"));
        QTest::keyClicks(find<QLineEdit>(view, QStringLiteral("warehousePassword")),
                         QStringLiteral("hunter2"));
        QTest::mouseClick(find<QPushButton>(view, QStringLiteral("testConnection")),
                          Qt::LeftButton);
        auto* result = find<QLabel>(view, QStringLiteral("testResult"));
        QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(QStringLiteral("✖ ")), 20000);
        QVERIFY2(result->text().contains(QStringLiteral("127.0.0.1")) ||
                     result->text().contains(QStringLiteral("port 1")),
                 qPrintable(result->text()));
        auto* keychain = find<QLabel>(view, QStringLiteral("keychainStatus"));
        QTRY_VERIFY_WITH_TIMEOUT(!keychain->text().isEmpty(), 20000);
        const QVariantMap saved =
            Settings::instance().get(Settings::Key::WarehouseConnection).toMap();
        QCOMPARE(saved.value(QStringLiteral("database")).toString(), QStringLiteral("analytics"));
        QCOMPARE(saved.value(QStringLiteral("port")).toInt(), 1);
        QVERIFY(!saved.contains(QStringLiteral("password")));
    }

private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<Settings> m_settings;
};

QTEST_MAIN(TestImportView)
#include "tst_importview.moc"
