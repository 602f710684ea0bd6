#pragma once
// The window, the GL context and input, behind a small interface (STYLE 2.2).
// Only this file and main know GLFW and OpenGL.
#include "flow/panel.h"
#include "ui/pointer_queue.h"
#include "ui/screen_rotation.h"

#include <imgui.h>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

struct GLFWwindow;

namespace hailong::app {

class PlatformError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct WindowOptions {
    bool fullscreen = true;  ///< kiosk mode: primary monitor, hidden cursor, close blocked
    int width = 1366;        ///< windowed size
    int height = 768;
    std::string title = "Hài Lòng";
    Rotation rotation = Rotation::None;  ///< a panel mounted sideways (--rotate)
};

class GlfwPlatform {
public:
    /// Opens the window and sets up ImGui's GLFW and OpenGL3 backends (the ImGui context
    /// must exist). Throws PlatformError with a clear message (no display, no GL).
    explicit GlfwPlatform(const WindowOptions& options);
    ~GlfwPlatform();
    GlfwPlatform(const GlfwPlatform&) = delete;
    GlfwPlatform& operator=(const GlfwPlatform&) = delete;

    /// Sleeps until input arrives or timeoutSeconds pass (no rendering while idle).
    void waitEvents(double timeoutSeconds);
    void pollEvents();
    /// True after any input event (tap, key, pointer move) since the last call, and while
    /// presses and releases wait for their own frames (PointerQueue).
    bool takeInput();
    /// Closing the window in windowed mode (a kiosk in full screen cannot be closed).
    bool quitRequested() const { return m_quitRequested; }
    /// Typed characters and Enter presses in arrival order (keyboard or barcode scanner);
    /// Enter is given as '\n', Backspace as '\b'.
    std::vector<std::uint32_t> takeKeys();
    /// True once after Ctrl+Alt+S, the staff key combination.
    bool takeStaffRequest();
    /// Wakes waitEvents from another thread (signal watcher).
    static void wake();

    /// The size the screens are laid out in: the window, turned by the rotation.
    ImVec2 screenSize() const;
    /// Logical pixels to window pixels and back, for the window's present size.
    ScreenRotation rotation() const;
    /// The monitor the window is on (full screen) or the primary one: its video mode and the
    /// physical size from its EDID (0 x 0 mm when it reports none).
    core::MonitorSize monitorSize() const;
    void uploadFonts();   ///< sends the font atlas to the GPU and frees the CPU copy
    void replaceFonts();  ///< after the atlas was built again: drops the old texture, uploads
    void beginFrame();
    /// Renders the ImGui frame; if pngPath is not empty, saves it before presenting.
    void endFrame(const std::filesystem::path& pngPath = {});

private:
    static void onKey(GLFWwindow* w, int key, int scancode, int action, int mods);
    static void onMouseButton(GLFWwindow* w, int button, int action, int mods);
    static void onCursorPos(GLFWwindow* w, double x, double y);
    static void onChar(GLFWwindow* w, unsigned int c);
    static void onClose(GLFWwindow* w);

    GLFWwindow* m_window = nullptr;
    bool m_fullscreen = true;
    Rotation m_rotation = Rotation::None;
    bool m_input = true;
    bool m_quitRequested = false;
    bool m_deviceObjects = false;  ///< the OpenGL backend's shaders, buffers and font texture exist
    bool m_staffRequested = false;
    std::vector<std::uint32_t> m_keys;
    PointerQueue m_pointer;
};

}  // namespace hailong::app
