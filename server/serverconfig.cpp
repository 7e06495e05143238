#include "serverconfig.h"
