#include "banlist.h"
