#include "httprequesthead.h"
