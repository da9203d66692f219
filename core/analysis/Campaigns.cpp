#include "Campaigns.h"
