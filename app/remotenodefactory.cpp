#include "remotenodefactory.h"

#include "remotenode.h"

namespace wsm {

RemoteNodeFactory remoteNodeFactory()
{
    return [](const QUrl &adminUrl, const QByteArray &token, QObject *parent) -> ServerNode * {
        return new RemoteNode(adminUrl, token, parent);
    };
}

} // namespace wsm
