#include "processstats.h"
