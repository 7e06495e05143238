#include "servermetrics.h"
