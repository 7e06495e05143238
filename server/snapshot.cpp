#include "snapshot.h"

#include "clientdetails.h"
#include "serverconfig.h"

namespace wsm {

void registerMetaTypes()
{
    qRegisterMetaType<wsm::ConnectionEvent>();
    qRegisterMetaType<QList<wsm::ConnectionEvent>>();
    qRegisterMetaType<wsm::SessionRow>();
    qRegisterMetaType<wsm::Snapshot>();
    qRegisterMetaType<wsm::ServerConfig>();
    qRegisterMetaType<wsm::ClientDetails>();
}

} // namespace wsm
