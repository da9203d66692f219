#include "ScoreEfficacy.h"
