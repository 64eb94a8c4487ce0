/* OPML subscription lists (being written: issue 4). */
#include "fetch/fetch.h"
