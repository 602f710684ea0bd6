#include "platform_glfw.h"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include <malloc.h>

#include <utility>

#include <vector>

namespace hailong::app {

namespace {
GlfwPlatform* self(GLFWwindow* w) { return static_cast<GlfwPlatform*>(glfwGetWindowUserPointer(w)); }
std::string g_lastGlfwError;
}  // namespace

GlfwPlatform::GlfwPlatform(const WindowOptions& options)
    : m_fullscreen(options.fullscreen), m_rotation(options.rotation) {
    glfwSetErrorCallback([](int, const char* text) { g_lastGlfwError = text; });
    if (!glfwInit())
        throw PlatformError("Cannot open the display (" + g_lastGlfwError +
                            "). Run the kiosk in a graphical session, or under xvfb-run for tests.");
    // GL 3.0 with GLSL 130: the most portable choice for the weak GPUs of office PCs.
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    glfwWindowHint(GLFW_AUTO_ICONIFY, GLFW_FALSE);  // stay up when focus moves
    GLFWmonitor* monitor = nullptr;
    int w = options.width, h = options.height;
    if (options.fullscreen) {
        monitor = glfwGetPrimaryMonitor();
        if (!monitor) throw PlatformError("No monitor found for full-screen mode; try --windowed.");
        const GLFWvidmode* mode = glfwGetVideoMode(monitor);
        w = mode->width;
        h = mode->height;
        glfwWindowHint(GLFW_REFRESH_RATE, mode->refreshRate);
    } else {
        glfwWindowHint(GLFW_RESIZABLE, GLFW_FALSE);
    }
    m_window = glfwCreateWindow(w, h, options.title.c_str(), monitor, nullptr);
    if (!m_window) {
        glfwTerminate();
        throw PlatformError("Cannot create a " + std::to_string(w) + "x" + std::to_string(h) + " OpenGL 3.0 window (" +
                            g_lastGlfwError + ").");
    }
    glfwSetWindowUserPointer(m_window, this);
    glfwMakeContextCurrent(m_window);
    glfwSwapInterval(1);
    if (options.fullscreen) {
        glfwFocusWindow(m_window);  // without a window manager it would stay unfocused
        glfwSetInputMode(m_window, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
        // Else the 1.86 backend makes the cursor visible again every frame.
        ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    }
    // Our callbacks first: the ImGui backend saves and chains to them.
    glfwSetKeyCallback(m_window, onKey);
    glfwSetMouseButtonCallback(m_window, onMouseButton);
    glfwSetCursorPosCallback(m_window, onCursorPos);
    glfwSetCharCallback(m_window, onChar);
    glfwSetWindowCloseCallback(m_window, onClose);
    double x = 0, y = 0;
    glfwGetCursorPos(m_window, &x, &y);
    m_pointer = PointerQueue(ImVec2(static_cast<float>(x), static_cast<float>(y)));
    ImGui_ImplGlfw_InitForOpenGL(m_window, true);
    ImGui_ImplOpenGL3_Init("#version 130");
}

GlfwPlatform::~GlfwPlatform() {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    glfwDestroyWindow(m_window);
    glfwTerminate();
}

void GlfwPlatform::onKey(GLFWwindow* w, int key, int, int action, int mods) {
    GlfwPlatform* p = self(w);
    p->m_input = true;
    const int combo = GLFW_MOD_CONTROL | GLFW_MOD_ALT;
    if (action != GLFW_PRESS && action != GLFW_REPEAT) return;
    if (key == GLFW_KEY_S && (mods & combo) == combo) p->m_staffRequested = true;
    if (key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER) p->m_keys.push_back('\n');
    if (key == GLFW_KEY_BACKSPACE) p->m_keys.push_back('\b');
}
void GlfwPlatform::onMouseButton(GLFWwindow* w, int button, int action, int) {
    self(w)->m_input = true;
    if (button == GLFW_MOUSE_BUTTON_LEFT) self(w)->m_pointer.button(action == GLFW_PRESS);  // a finger
}
void GlfwPlatform::onCursorPos(GLFWwindow* w, double x, double y) {
    self(w)->m_input = true;
    self(w)->m_pointer.moved(ImVec2(static_cast<float>(x), static_cast<float>(y)));
}
void GlfwPlatform::onChar(GLFWwindow* w, unsigned int c) {
    self(w)->m_input = true;
    self(w)->m_keys.push_back(c);
}
// Closing the window (Alt+F4, the window manager) must not stop a kiosk.
void GlfwPlatform::onClose(GLFWwindow* w) {
    if (self(w)->m_fullscreen) glfwSetWindowShouldClose(w, GLFW_FALSE);
    else self(w)->m_quitRequested = true;
}

void GlfwPlatform::waitEvents(double timeoutSeconds) { glfwWaitEventsTimeout(timeoutSeconds); }
void GlfwPlatform::pollEvents() { glfwPollEvents(); }
void GlfwPlatform::wake() { glfwPostEmptyEvent(); }

std::vector<std::uint32_t> GlfwPlatform::takeKeys() { return std::exchange(m_keys, {}); }

bool GlfwPlatform::takeStaffRequest() { return std::exchange(m_staffRequested, false); }

bool GlfwPlatform::takeInput() {
    const bool had = m_input || m_pointer.pending();
    m_input = false;
    return had;
}

ScreenRotation GlfwPlatform::rotation() const {
    int w = 0, h = 0;
    glfwGetWindowSize(m_window, &w, &h);
    return {m_rotation, ImVec2(static_cast<float>(w), static_cast<float>(h))};
}

ImVec2 GlfwPlatform::screenSize() const { return rotation().logicalSize(); }

core::MonitorSize GlfwPlatform::monitorSize() const {
    core::MonitorSize m;
    GLFWmonitor* monitor = glfwGetWindowMonitor(m_window);
    if (!monitor) monitor = glfwGetPrimaryMonitor();
    if (!monitor) return m;
    if (const GLFWvidmode* mode = glfwGetVideoMode(monitor)) {
        m.widthPx = mode->width;
        m.heightPx = mode->height;
    }
    glfwGetMonitorPhysicalSize(monitor, &m.widthMm, &m.heightMm);
    return m;
}

void GlfwPlatform::replaceFonts() {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    uploadFonts();
}

void GlfwPlatform::uploadFonts() {
    // The backend makes its shaders and buffers at the first NewFrame, and the font texture with
    // them, from the atlas's pixels: were they freed by then, it would build the whole atlas
    // again and keep it (10 MB at 1920x1080), besides a second texture. So the first upload makes
    // them all, here.
    if (!m_deviceObjects) m_deviceObjects = ImGui_ImplOpenGL3_CreateDeviceObjects();
    else ImGui_ImplOpenGL3_CreateFontsTexture();
    ImGui::GetIO().Fonts->ClearTexData();  // the GPU has it now: free the CPU copy (memory bar)
    malloc_trim(0);                        // and give those megabytes back to the system
}

void GlfwPlatform::beginFrame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // The 1.86 backend has just set the window's size and polled the pointer; the pointer is
    // taken from the queue instead, one press or release per frame. Then, with --rotate, the
    // screens are laid out, and tapped, on the panel as it stands.
    ImGuiIO& io = ImGui::GetIO();
    const PointerQueue::State finger = m_pointer.next();
    io.MousePos = finger.pos;
    io.MouseDown[ImGuiMouseButton_Left] = finger.down;
    if (m_rotation != Rotation::None) {
        const ScreenRotation turn = rotation();
        io.DisplaySize = turn.logicalSize();
        if (ImGui::IsMousePosValid(&io.MousePos)) io.MousePos = turn.toLogical(io.MousePos);
    }
    ImGui::NewFrame();
}

void GlfwPlatform::endFrame(const std::filesystem::path& pngPath) {
    ImGui::Render();
    rotation().toWindow(*ImGui::GetDrawData());
    int fw = 0, fh = 0;
    glfwGetFramebufferSize(m_window, &fw, &fh);
    glViewport(0, 0, fw, fh);
    glClearColor(0.953f, 0.961f, 0.973f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (!pngPath.empty()) {
        std::vector<unsigned char> pixels(static_cast<std::size_t>(fw) * static_cast<std::size_t>(fh) * 4);
        glReadBuffer(GL_BACK);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, fw, fh, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
        stbi_flip_vertically_on_write(1);
        if (!stbi_write_png(pngPath.c_str(), fw, fh, 4, pixels.data(), fw * 4))
            throw std::runtime_error("Cannot write the screenshot " + pngPath.string());
    }
    glfwSwapBuffers(m_window);
}

}  // namespace hailong::app
