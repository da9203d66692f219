#include <QtTest>

class Tst_efficacy : public QObject
{
    Q_OBJECT
};

QTEST_GUILESS_MAIN(Tst_efficacy)
#include "tst_efficacy.moc"
