#include <QtTest>

class Tst_scorecard : public QObject
{
    Q_OBJECT
};

QTEST_GUILESS_MAIN(Tst_scorecard)
#include "tst_scorecard.moc"
