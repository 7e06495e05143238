#include "banlist.h"

#include <QTest>

#include <limits>

using wsm::Ban;
using wsm::BanList;

namespace {

constexpr qint64 Now = 1'700'000'000'000; // an arbitrary wall-clock time in ms

BanList listWith(const QStringList &targets, qint64 durationMs = 0)
{
    BanList list;
    for (const QString &target : targets) {
        QString error;
        if (!list.add(target, durationMs, QStringLiteral("test"), Now, &error))
            qWarning("could not add %s: %s", qPrintable(target), qPrintable(error));
    }
    return list;
}

QStringList targetsOf(const QList<Ban> &bans)
{
    QStringList targets;
    for (const Ban &ban : bans)
        targets.append(ban.target);
    return targets;
}

} // namespace

class TestBanList : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void match_data();
    void match();
    void normalisedTarget_data();
    void normalisedTarget();
    void badInputIsRefusedWithItsText_data();
    void badInputIsRefusedWithItsText();
    void negativeDurationIsRefused();
    void expiry_data();
    void expiry();
    void permanentBanNeverExpires();
    void hugeDurationSaturates();
    void addReplacesBanOnSameTarget();
    void remove_data();
    void remove();
    void purgeExpiredCountsDropped();
    void activeIsSortedAndSkipsExpired();
    void isEmpty();
    void banTravelsInQVariant();
    void identityBans();
};

void TestBanList::match_data()
{
    QTest::addColumn<QStringList>("bans");
    QTest::addColumn<QString>("peer");
    QTest::addColumn<QString>("matched"); // null: no ban matches

    QTest::newRow("single address matches itself")
            << QStringList{QStringLiteral("192.0.2.7")} << QStringLiteral("192.0.2.7") << QStringLiteral("192.0.2.7");
    QTest::newRow("single address, neighbour not matched")
            << QStringList{QStringLiteral("192.0.2.7")} << QStringLiteral("192.0.2.8") << QString();
    QTest::newRow("IPv4 CIDR, peer inside")
            << QStringList{QStringLiteral("10.0.0.0/8")} << QStringLiteral("10.255.1.2") << QStringLiteral("10.0.0.0/8");
    QTest::newRow("IPv4 CIDR, peer just outside")
            << QStringList{QStringLiteral("10.0.0.0/8")} << QStringLiteral("11.0.0.0") << QString();
    QTest::newRow("IPv4 CIDR given with host bits")
            << QStringList{QStringLiteral("10.1.2.3/8")} << QStringLiteral("10.9.9.9") << QStringLiteral("10.0.0.0/8");
    QTest::newRow("IPv4 /0 covers every IPv4 peer")
            << QStringList{QStringLiteral("0.0.0.0/0")} << QStringLiteral("203.0.113.9") << QStringLiteral("0.0.0.0/0");
    QTest::newRow("IPv6 CIDR, peer inside")
            << QStringList{QStringLiteral("2001:db8::/32")} << QStringLiteral("2001:db8:1::5") << QStringLiteral("2001:db8::/32");
    QTest::newRow("IPv6 CIDR, peer outside")
            << QStringList{QStringLiteral("2001:db8::/32")} << QStringLiteral("2001:db9::1") << QString();
    QTest::newRow("IPv6 loopback address")
            << QStringList{QStringLiteral("::1")} << QStringLiteral("::1") << QStringLiteral("::1");
    QTest::newRow("IPv6 loopback ban does not cover IPv4 loopback")
            << QStringList{QStringLiteral("::1")} << QStringLiteral("127.0.0.1") << QString();
    QTest::newRow("IPv4-mapped peer matches IPv4 address ban")
            << QStringList{QStringLiteral("192.0.2.7")} << QStringLiteral("::ffff:192.0.2.7") << QStringLiteral("192.0.2.7");
    QTest::newRow("IPv4-mapped peer matches IPv4 CIDR ban")
            << QStringList{QStringLiteral("10.0.0.0/8")} << QStringLiteral("::ffff:10.1.1.1") << QStringLiteral("10.0.0.0/8");
    QTest::newRow("IPv4-mapped peer outside IPv4 CIDR")
            << QStringList{QStringLiteral("10.0.0.0/8")} << QStringLiteral("::ffff:11.1.1.1") << QString();
    QTest::newRow("IPv4-mapped ban text matches IPv4 peer")
            << QStringList{QStringLiteral("::ffff:192.0.2.7")} << QStringLiteral("192.0.2.7") << QStringLiteral("192.0.2.7");
    QTest::newRow("IPv6-wide ban covers IPv4-mapped peer")
            << QStringList{QStringLiteral("::/0")} << QStringLiteral("::ffff:192.0.2.7") << QStringLiteral("::/0");
    QTest::newRow("IPv4 peer does not match IPv6 ban")
            << QStringList{QStringLiteral("2001:db8::/32")} << QStringLiteral("192.0.2.7") << QString();
    QTest::newRow("IPv6 peer does not match IPv4 ban")
            << QStringList{QStringLiteral("0.0.0.0/0")} << QStringLiteral("2001:db8::1") << QString();
    QTest::newRow("unspecified IPv6 peer is not IPv4 0.0.0.0")
            << QStringList{QStringLiteral("0.0.0.0/8")} << QStringLiteral("::") << QString();
    QTest::newRow("most specific ban wins (range added first)")
            << QStringList{QStringLiteral("10.0.0.0/8"), QStringLiteral("10.1.2.3")} << QStringLiteral("10.1.2.3")
            << QStringLiteral("10.1.2.3");
    QTest::newRow("most specific ban wins (address added first)")
            << QStringList{QStringLiteral("10.1.2.3"), QStringLiteral("10.0.0.0/8")} << QStringLiteral("10.1.2.3")
            << QStringLiteral("10.1.2.3");
    QTest::newRow("zone id in the ban text is ignored")
            << QStringList{QStringLiteral("fe80::1%eth0")} << QStringLiteral("fe80::1") << QStringLiteral("fe80::1");
}

void TestBanList::match()
{
    QFETCH(QStringList, bans);
    QFETCH(QString, peer);
    QFETCH(QString, matched);

    const BanList list = listWith(bans);
    QCOMPARE(list.active(Now).size(), bans.size());
    const std::optional<Ban> ban = list.match(QHostAddress(peer), Now);
    QCOMPARE(ban.has_value(), !matched.isNull());
    if (ban)
        QCOMPARE(ban->target, matched);
}

void TestBanList::normalisedTarget_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("target");

    QTest::newRow("IPv4 address") << QStringLiteral("192.0.2.7") << QStringLiteral("192.0.2.7");
    QTest::newRow("surrounding spaces") << QStringLiteral("  192.0.2.7 ") << QStringLiteral("192.0.2.7");
    QTest::newRow("IPv4 /32 is the address") << QStringLiteral("192.0.2.7/32") << QStringLiteral("192.0.2.7");
    QTest::newRow("IPv4 host bits cleared") << QStringLiteral("10.1.2.3/8") << QStringLiteral("10.0.0.0/8");
    QTest::newRow("IPv4 /0") << QStringLiteral("1.2.3.4/0") << QStringLiteral("0.0.0.0/0");
    QTest::newRow("IPv6 canonical lower case") << QStringLiteral("2001:DB8:0:0::1") << QStringLiteral("2001:db8::1");
    QTest::newRow("IPv6 /128 is the address") << QStringLiteral("2001:db8::1/128") << QStringLiteral("2001:db8::1");
    QTest::newRow("IPv6 host bits cleared") << QStringLiteral("2001:db8:ffff::1/32") << QStringLiteral("2001:db8::/32");
    QTest::newRow("IPv6 prefix not on a byte boundary")
            << QStringLiteral("2001:db8:ffff::/36") << QStringLiteral("2001:db8:f000::/36");
    QTest::newRow("IPv4-mapped address becomes IPv4")
            << QStringLiteral("::ffff:192.0.2.7") << QStringLiteral("192.0.2.7");
    QTest::newRow("IPv4-mapped range becomes IPv4")
            << QStringLiteral("::ffff:192.0.2.99/120") << QStringLiteral("192.0.2.0/24");
    QTest::newRow("zone id dropped") << QStringLiteral("fe80::1%eth0") << QStringLiteral("fe80::1");
}

void TestBanList::normalisedTarget()
{
    QFETCH(QString, text);
    QFETCH(QString, target);

    BanList list;
    QString error;
    QVERIFY2(list.add(text, 0, QStringLiteral("r"), Now, &error), qPrintable(error));
    QCOMPARE(targetsOf(list.active(Now)), QStringList{target});
}

void TestBanList::badInputIsRefusedWithItsText_data()
{
    QTest::addColumn<QString>("text");

    QTest::newRow("octet over 255") << QStringLiteral("300.1.1.1");
    QTest::newRow("IPv4 prefix over 32") << QStringLiteral("10.0.0.0/33");
    QTest::newRow("IPv6 prefix over 128") << QStringLiteral("2001:db8::/129");
    QTest::newRow("empty") << QString();
    QTest::newRow("only spaces") << QStringLiteral("   ");
    QTest::newRow("word") << QStringLiteral("abc");
    QTest::newRow("host name") << QStringLiteral("example.com");
    QTest::newRow("short IPv4 form") << QStringLiteral("10.1");
    QTest::newRow("leading zero (octal to inet_aton)") << QStringLiteral("010.0.0.1");
    QTest::newRow("five parts") << QStringLiteral("1.2.3.4.5");
    QTest::newRow("slash without prefix") << QStringLiteral("1.2.3.4/");
    QTest::newRow("negative prefix") << QStringLiteral("1.2.3.4/-1");
    QTest::newRow("signed prefix") << QStringLiteral("1.2.3.4/+8");
    QTest::newRow("netmask instead of prefix") << QStringLiteral("10.0.0.0/255.0.0.0");
    QTest::newRow("two slashes") << QStringLiteral("1.2.3.4/8/8");
    QTest::newRow("IPv6 garbage") << QStringLiteral("2001:db8:::1");
    QTest::newRow("identity without a name") << QStringLiteral("identity:");
    QTest::newRow("identity with a control character") << QStringLiteral("identity:al\x01ice");
    QTest::newRow("identity too long") << QStringLiteral("identity:") + QString(BanList::MaxIdentityLength + 1, QLatin1Char('a'));
}

void TestBanList::badInputIsRefusedWithItsText()
{
    QFETCH(QString, text);

    BanList list;
    QString error;
    QVERIFY(!list.add(text, 0, QStringLiteral("r"), Now, &error));
    QVERIFY2(error.contains(QLatin1Char('"') + text + QLatin1Char('"')), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("10.0.0.0/8")), "the error should show what is allowed");
    QVERIFY(list.isEmpty());
    QVERIFY(!list.add(text, 0, QStringLiteral("r"), Now, nullptr)); // no error wanted: no crash
    QVERIFY(list.isEmpty());
}

void TestBanList::negativeDurationIsRefused()
{
    BanList list;
    QString error;
    QVERIFY(!list.add(QStringLiteral("192.0.2.7"), -1, QStringLiteral("r"), Now, &error));
    QVERIFY2(error.contains(QStringLiteral("\"192.0.2.7\"")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("negative")), qPrintable(error));
    QVERIFY(list.isEmpty());
}

void TestBanList::expiry_data()
{
    QTest::addColumn<qint64>("at");
    QTest::addColumn<bool>("matches");

    // A one-minute ban added at Now.
    QTest::newRow("at creation") << Now << true;
    QTest::newRow("1 ms before expiresAt") << Now + 59'999 << true;
    QTest::newRow("at expiresAt") << Now + 60'000 << false;
    QTest::newRow("after expiresAt") << Now + 3'600'000 << false;
}

void TestBanList::expiry()
{
    QFETCH(qint64, at);
    QFETCH(bool, matches);

    const BanList list = listWith({QStringLiteral("192.0.2.0/24")}, 60'000);
    const std::optional<Ban> ban = list.match(QHostAddress(QStringLiteral("192.0.2.7")), at);
    QCOMPARE(ban.has_value(), matches);
    QCOMPARE(list.active(at).size(), matches ? 1 : 0);
    if (ban) {
        QCOMPARE(ban->createdAt, Now);
        QCOMPARE(ban->expiresAt, Now + 60'000);
    }
}

void TestBanList::permanentBanNeverExpires()
{
    BanList list;
    QVERIFY(list.add(QStringLiteral("192.0.2.7"), 0, QStringLiteral("spam"), Now, nullptr));
    const qint64 centuryLater = Now + qint64(100) * 365 * 24 * 3600 * 1000;
    const std::optional<Ban> ban = list.match(QHostAddress(QStringLiteral("192.0.2.7")), centuryLater);
    QVERIFY(ban.has_value());
    QCOMPARE(ban->expiresAt, qint64(0));
    QCOMPARE(ban->createdAt, Now);
    QCOMPARE(ban->reason, QStringLiteral("spam"));
    QCOMPARE(list.purgeExpired(centuryLater), 0);
    QCOMPARE(list.active(centuryLater).size(), 1);
}

void TestBanList::hugeDurationSaturates()
{
    BanList list;
    QVERIFY(list.add(QStringLiteral("192.0.2.7"), std::numeric_limits<qint64>::max(), QString(), Now, nullptr));
    const QList<Ban> bans = list.active(Now);
    QCOMPARE(bans.size(), 1);
    QCOMPARE(bans.first().expiresAt, std::numeric_limits<qint64>::max());
}

void TestBanList::addReplacesBanOnSameTarget()
{
    BanList list;
    QVERIFY(list.add(QStringLiteral("10.0.0.0/8"), 1'000'000, QStringLiteral("first"), Now, nullptr));
    QVERIFY(list.add(QStringLiteral("10.0.0.0/16"), 0, QStringLiteral("other range"), Now, nullptr));
    // Same network once normalised: replaces the first ban, whatever the text looked like.
    QVERIFY(list.add(QStringLiteral("10.9.9.9/8"), 0, QStringLiteral("second"), Now + 500, nullptr));

    const QList<Ban> bans = list.active(Now + 5000);
    QCOMPARE(targetsOf(bans), (QStringList{QStringLiteral("10.0.0.0/8"), QStringLiteral("10.0.0.0/16")}));
    QCOMPARE(bans.first().reason, QStringLiteral("second"));
    QCOMPARE(bans.first().createdAt, Now + 500);
    QCOMPARE(bans.first().expiresAt, qint64(0));
}

void TestBanList::remove_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("removed");

    QTest::newRow("by the text it was added with") << QStringLiteral("10.1.2.3/8") << true;
    QTest::newRow("by its normalised form") << QStringLiteral("10.0.0.0/8") << true;
    QTest::newRow("by another spelling of the same range") << QStringLiteral("10.200.0.0/8") << true;
    QTest::newRow("a different range") << QStringLiteral("10.0.0.0/16") << false;
    QTest::newRow("an address inside the range") << QStringLiteral("10.1.2.3") << false;
    QTest::newRow("garbage") << QStringLiteral("garbage") << false;
}

void TestBanList::remove()
{
    QFETCH(QString, text);
    QFETCH(bool, removed);

    BanList list = listWith({QStringLiteral("10.1.2.3/8"), QStringLiteral("192.0.2.7")});
    QCOMPARE(list.remove(text), removed);
    QCOMPARE(list.active(Now).size(), removed ? 1 : 2);
    QCOMPARE(list.match(QHostAddress(QStringLiteral("10.5.5.5")), Now).has_value(), !removed);
    QVERIFY(list.match(QHostAddress(QStringLiteral("192.0.2.7")), Now).has_value());
}

void TestBanList::purgeExpiredCountsDropped()
{
    BanList list;
    QVERIFY(list.add(QStringLiteral("192.0.2.1"), 0, QString(), Now, nullptr));
    QVERIFY(list.add(QStringLiteral("192.0.2.2"), 1000, QString(), Now, nullptr));
    QVERIFY(list.add(QStringLiteral("192.0.2.3"), 2000, QString(), Now, nullptr));
    QVERIFY(list.add(QStringLiteral("192.0.2.4"), 2000, QString(), Now, nullptr));

    QCOMPARE(list.purgeExpired(Now), 0);
    QCOMPARE(list.purgeExpired(Now + 1500), 1);
    QCOMPARE(list.purgeExpired(Now + 1500), 0);
    QCOMPARE(list.purgeExpired(Now + 2000), 2); // at expiresAt counts as expired
    QCOMPARE(targetsOf(list.active(Now + 2000)), QStringList{QStringLiteral("192.0.2.1")});
    QVERIFY(!list.isEmpty());
}

void TestBanList::activeIsSortedAndSkipsExpired()
{
    BanList list;
    const QStringList added = {QStringLiteral("2001:db8::1"), QStringLiteral("192.0.2.7"),
                               QStringLiteral("10.0.0.0/16"), QStringLiteral("9.9.9.9"),
                               QStringLiteral("10.0.0.0/8"), QStringLiteral("::1"),
                               QStringLiteral("100.64.0.0/10")};
    for (const QString &text : added)
        QVERIFY(list.add(text, 0, QString(), Now, nullptr));
    QVERIFY(list.add(QStringLiteral("172.16.0.1"), 10, QStringLiteral("short"), Now, nullptr));

    // Numeric, not text order: 9.9.9.9 before 10.0.0.0/8, 100.64.0.0/10 after 10.0.0.0/16.
    const QStringList expected = {QStringLiteral("9.9.9.9"), QStringLiteral("10.0.0.0/8"),
                                  QStringLiteral("10.0.0.0/16"), QStringLiteral("100.64.0.0/10"),
                                  QStringLiteral("192.0.2.7"), QStringLiteral("::1"),
                                  QStringLiteral("2001:db8::1")};
    QCOMPARE(targetsOf(list.active(Now + 10)), expected);
    QStringList withShort = expected;
    withShort.insert(4, QStringLiteral("172.16.0.1"));
    QCOMPARE(targetsOf(list.active(Now)), withShort);
}

void TestBanList::isEmpty()
{
    BanList list;
    QVERIFY(list.isEmpty());
    QVERIFY(!list.match(QHostAddress(QStringLiteral("192.0.2.7")), Now).has_value());
    QVERIFY(list.add(QStringLiteral("192.0.2.7"), 0, QString(), Now, nullptr));
    QVERIFY(!list.isEmpty());
    QVERIFY(list.remove(QStringLiteral("192.0.2.7")));
    QVERIFY(list.isEmpty());
}

void TestBanList::banTravelsInQVariant()
{
    Ban ban;
    ban.target = QStringLiteral("10.0.0.0/8");
    ban.reason = QStringLiteral("scanner");
    ban.createdAt = Now;
    ban.expiresAt = Now + 1;
    const Ban copy = QVariant::fromValue(ban).value<Ban>();
    QCOMPARE(copy.target, ban.target);
    QCOMPARE(copy.reason, ban.reason);
    QCOMPARE(copy.createdAt, ban.createdAt);
    QCOMPARE(copy.expiresAt, ban.expiresAt);
}

// Identities beside addresses: matched by identity only, never by address; listed after the
// addresses; lifted by the same text.
void TestBanList::identityBans()
{
    BanList list;
    QString error;
    Ban added;
    QVERIFY2(list.add(QStringLiteral(" identity:alice@example.test "), 60000, QStringLiteral("spam"), Now, &error, &added),
             qPrintable(error));
    QCOMPARE(added.target, QStringLiteral("identity:alice@example.test"));
    QVERIFY(list.add(QStringLiteral("10.0.0.0/8"), 0, QString(), Now, &error));
    QVERIFY(list.add(QStringLiteral("identity:Bob"), 0, QString(), Now, &error));
    QVERIFY(list.hasIdentityBans());

    QCOMPARE(targetsOf(list.active(Now)), (QStringList{QStringLiteral("10.0.0.0/8"), QStringLiteral("identity:Bob"),
                                                       QStringLiteral("identity:alice@example.test")}));
    QCOMPARE(list.matchIdentity(QStringLiteral("alice@example.test"), Now)->reason, QStringLiteral("spam"));
    QVERIFY(!list.matchIdentity(QStringLiteral("bob"), Now)); // a sub is case-sensitive
    QVERIFY(!list.matchIdentity(QString(), Now));
    QVERIFY(!list.matchIdentity(QStringLiteral("alice@example.test"), Now + 60000)); // expired
    QVERIFY(!list.match(QHostAddress(QStringLiteral("192.0.2.1")), Now)); // identities never match an address
    QCOMPARE(BanList::normalisedTarget(QStringLiteral("IDENTITY:Bob")), QStringLiteral("identity:Bob"));

    QVERIFY(list.remove(QStringLiteral("identity:Bob")));
    QVERIFY(!list.matchIdentity(QStringLiteral("Bob"), Now));
    QCOMPARE(list.purgeExpired(Now + 60000), 1);
    QVERIFY(!list.hasIdentityBans());
}

QTEST_GUILESS_MAIN(TestBanList)
#include "tst_banlist.moc"
