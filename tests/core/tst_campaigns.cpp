#include <QtTest>

class Tst_campaigns : public QObject
{
    Q_OBJECT
};

QTEST_GUILESS_MAIN(Tst_campaigns)
#include "tst_campaigns.moc"
