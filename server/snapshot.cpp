#include "snapshot.h"

#include "serverconfig.h"

namespace wsm {

void registerMetaTypes()
{
    qRegisterMetaType<wsm::ConnectionEvent>();
    qRegisterMetaType<QList<wsm::ConnectionEvent>>();
    qRegisterMetaType<wsm::SessionRow>();
    qRegisterMetaType<wsm::Snapshot>();
    qRegisterMetaType<wsm::ServerConfig>();
}

} // namespace wsm
