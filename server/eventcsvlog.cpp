#include "eventcsvlog.h"
