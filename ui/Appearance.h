#pragma once

class QPalette;

namespace pulsebook {

// The two palettes (Qt 6.4 has no colour-scheme hint): Fusion with a light or a dark QPalette.
// Screenshots always use the light one.
QPalette lightPalette();
QPalette darkPalette();
// Sets the Fusion style and the palette on the application.
void applyAppearance(bool dark);

} // namespace pulsebook
