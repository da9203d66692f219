#pragma once
// Campaign operating metrics: being written.
