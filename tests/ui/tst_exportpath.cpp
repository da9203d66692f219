// Where an export's file dialog starts: the folder of the last export (Documents, else the home
// folder, the first time), with "NAME YYYY-MM-DD.csv" filled in; the folder chosen is the next
// start. The real QFileDialog (Qt's own, offscreen), answered as a user would.
#include "CsvExport.h"
#include "Settings.h"

#include <QApplication>
#include <QDate>
#include <QDir>
#include <QFileDialog>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace pulsebook;

namespace {

struct Seen
{
    QString folder;
    QString name;
};

// Answers the next file dialog: notes its folder and the name filled in, then types `file`
// (a path) and presses Enter; an empty `file` presses Escape.
void answerNextDialog(Seen* seen, const QString& file)
{
    QTimer::singleShot(0, [seen, file] {
        QFileDialog* dialog = nullptr;
        for (QWidget* w : QApplication::topLevelWidgets()) {
            if (auto* d = qobject_cast<QFileDialog*>(w); d && d->isVisible())
                dialog = d;
        }
        if (!dialog) {
            answerNextDialog(seen, file); // not shown yet: the next turn
            return;
        }
        seen->folder = dialog->directory().absolutePath();
        auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
        seen->name = name ? name->text() : QStringLiteral("(no name field)");
        if (file.isEmpty()) {
            QTest::keyClick(dialog, Qt::Key_Escape);
            return;
        }
        name->setText(file);
        QTest::keyClick(name, Qt::Key_Return);
    });
}

} // namespace

class TestExportPath : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_settings = std::make_unique<Settings>(m_dir.filePath(QStringLiteral("s.ini")));
        CsvExport::setPathChooser(nullptr); // the dialog
    }
    void cleanup() { m_settings.reset(); }

    void firstTimeInDocumentsThenWhereTheLastOneWent()
    {
        const QString today = QDate::currentDate().toString(Qt::ISODate);
        QString start = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        if (start.isEmpty() || !QFileInfo(start).isDir())
            start = QDir::homePath();

        // First: Documents (or home), "book YYYY-MM-DD.csv"; the user picks our folder.
        Seen seen;
        const QString chosen = m_dir.filePath(QStringLiteral("mine"));
        answerNextDialog(&seen, chosen);
        const QString path =
            CsvExport::choosePath(nullptr, QStringLiteral("Export"), QStringLiteral("book"));
        QCOMPARE(QDir(seen.folder).canonicalPath(), QDir(start).canonicalPath());
        QCOMPARE(seen.name, QStringLiteral("book ") + today + QStringLiteral(".csv"));
        QCOMPARE(path, chosen + QStringLiteral(".csv")); // a new file gets ".csv"

        // Next: that folder, with this list's own name.
        answerNextDialog(&seen, QString());
        QCOMPARE(CsvExport::choosePath(nullptr, QStringLiteral("Export"), QStringLiteral("users")),
                 QString()); // Escape: nothing chosen
        QCOMPARE(QDir(seen.folder).canonicalPath(), QDir(m_dir.path()).canonicalPath());
        QCOMPARE(seen.name, QStringLiteral("users ") + today + QStringLiteral(".csv"));

        // A folder that is gone: Documents (or home) again.
        Settings::instance().set(Settings::Key::LastCsvFolder,
                                 m_dir.filePath(QStringLiteral("gone")));
        answerNextDialog(&seen, QString());
        CsvExport::choosePath(nullptr, QStringLiteral("Export"), QString());
        QCOMPARE(QDir(seen.folder).canonicalPath(), QDir(start).canonicalPath());
        QCOMPARE(seen.name, QStringLiteral("pulsebook ") + today + QStringLiteral(".csv"));
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Settings> m_settings;
};

QTEST_MAIN(TestExportPath)
#include "tst_exportpath.moc"
