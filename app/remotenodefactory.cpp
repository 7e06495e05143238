#include "remotenodefactory.h"

namespace wsm {

RemoteNodeFactory remoteNodeFactory()
{
    // The admin channel's client (RemoteNode) plugs in here:
    //     return [](const QUrl &adminUrl, const QByteArray &token, QObject *parent) -> ServerNode * {
    //         return new RemoteNode(adminUrl, token, parent);
    //     };
    return {};
}

} // namespace wsm
