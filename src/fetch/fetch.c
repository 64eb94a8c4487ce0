/* HTTP fetching with libcurl (being written: issue 4). */
#include "fetch/fetch.h"
