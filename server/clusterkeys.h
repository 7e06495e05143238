#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

#include <functional>

namespace wsm {

class ClusterLink;

// Reads the keys of the cluster that match a pattern, with their values: SCAN (a page of at most
// PageSize keys at a time, never KEYS, which blocks Redis) and an MGET per page, one after the
// other on the link's command connection. Bounded: at most maxKeys keys and MaxPages pages, so
// that a Redis holding far more than it should never keeps a node reading.
//
// done is called once: with ok and the keys and values (a key gone between SCAN and MGET is left
// out), or with ok false when the link went down meanwhile or a reply was not what Redis sends.
// Never called after the link is closed or destroyed.
using ClusterKeysDone = std::function<void(bool ok, const QList<QPair<QByteArray, QByteArray>> &keyValues)>;
void readClusterKeys(ClusterLink *link, const QByteArray &pattern, int maxKeys, ClusterKeysDone done);

} // namespace wsm
