// Reading a unit registry file as a ministry's office keeps it: a CSV saved from Excel, or the
// workbook itself (libzip opens it, pugixml reads its sheet).
#include "hq/hq_tally.h"  // dayFromString
#include "hq/unit_registry.h"

#include <pugixml.hpp>
#include <zip.h>

#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

namespace hailong::core {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t MaxFileBytes = 64u << 20;  // a registry of every unit in the country is a few MB

RegistryProblem fileProblem(const std::string& file, int line, std::string en, std::string vi) {
    return RegistryProblem{file, line, Text{std::move(vi), std::move(en)}};
}

/// Lower-case ASCII, Vietnamese letters to their base letter, and nothing but letters and
/// digits: "Hiệu lực từ" -> "hieuluctu", "valid_from" -> "validfrom".
std::string fold(std::string_view s) {
    static const std::map<std::string, char, std::less<>> letters = [] {
        std::map<std::string, char, std::less<>> m;
        const std::pair<char, const char*> groups[] = {{'a', "àáạảãâầấậẩẫăằắặẳẵÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴ"},
                                                       {'e', "èéẹẻẽêềếệểễÈÉẸẺẼÊỀẾỆỂỄ"},
                                                       {'i', "ìíịỉĩÌÍỊỈĨ"},
                                                       {'o', "òóọỏõôồốộổỗơờớợởỡÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠ"},
                                                       {'u', "ùúụủũưừứựửữÙÚỤỦŨƯỪỨỰỬỮ"},
                                                       {'y', "ỳýỵỷỹỲÝỴỶỸ"},
                                                       {'d', "đĐ"}};
        for (const auto& [base, all] : groups) {
            const std::string_view chars(all);
            for (std::size_t i = 0; i < chars.size();) {
                std::size_t n = 1;
                while (i + n < chars.size() && (static_cast<unsigned char>(chars[i + n]) & 0xC0) == 0x80) ++n;
                m.emplace(std::string(chars.substr(i, n)), base);
                i += n;
            }
        }
        return m;
    }();
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
            ++i;
            continue;
        }
        std::size_t n = 1;
        while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
        const auto it = letters.find(s.substr(i, n));
        if (it != letters.end()) out += it->second;
        i += n;
    }
    return out;
}

enum Column { Code, NameVi, NameEn, Level, Parent, ValidFrom, ValidTo, Successor, ColumnCount };

std::optional<Column> columnNamed(std::string_view heading) {
    static const std::map<std::string, Column> names{{"code", Code},
                                                     {"ma", Code},
                                                     {"madonvi", Code},
                                                     {"namevi", NameVi},
                                                     {"name", NameVi},
                                                     {"ten", NameVi},
                                                     {"tendonvi", NameVi},
                                                     {"tentiengviet", NameVi},
                                                     {"nameen", NameEn},
                                                     {"tentienganh", NameEn},
                                                     {"level", Level},
                                                     {"cap", Level},
                                                     {"capdonvi", Level},
                                                     {"parent", Parent},
                                                     {"donvicaptren", Parent},
                                                     {"captren", Parent},
                                                     {"madonvicaptren", Parent},
                                                     {"validfrom", ValidFrom},
                                                     {"hieuluctu", ValidFrom},
                                                     {"tungay", ValidFrom},
                                                     {"validto", ValidTo},
                                                     {"hieulucden", ValidTo},
                                                     {"denngay", ValidTo},
                                                     {"successor", Successor},
                                                     {"donvikethua", Successor},
                                                     {"kethua", Successor},
                                                     {"madonvikethua", Successor}};
    const auto it = names.find(fold(heading));
    if (it == names.end()) return std::nullopt;
    return it->second;
}

std::optional<std::string> levelNamed(std::string_view value) {
    static const std::map<std::string, std::string_view> names{{"central", unit_level::Central},
                                                               {"trunguong", unit_level::Central},
                                                               {"cuc", unit_level::Central},
                                                               {"province", unit_level::Province},
                                                               {"tinh", unit_level::Province},
                                                               {"captinh", unit_level::Province},
                                                               {"thanhphotructhuoctrunguong", unit_level::Province},
                                                               {"district", unit_level::District},
                                                               {"huyen", unit_level::District},
                                                               {"caphuyen", unit_level::District},
                                                               {"quan", unit_level::District},
                                                               {"thixa", unit_level::District},
                                                               {"thanhphothuoctinh", unit_level::District},
                                                               {"commune", unit_level::Commune},
                                                               {"xa", unit_level::Commune},
                                                               {"capxa", unit_level::Commune},
                                                               {"phuong", unit_level::Commune},
                                                               {"thitran", unit_level::Commune},
                                                               {"dackhu", unit_level::Commune}};
    const auto it = names.find(fold(value));
    if (it == names.end()) return std::nullopt;
    return std::string(it->second);
}

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(first, last - first + 1));
}

/// "2025-07-01", "01/07/2025", "1/7/2025", or an Excel date number (days since 1899-12-30) of
/// 1950 to 2099.
std::optional<std::int64_t> dayNamed(const std::string& s) {
    if (auto iso = dayFromString(s)) return iso;
    int d = 0, m = 0, y = 0;
    char tail = 0;
    if (std::sscanf(s.c_str(), "%2d/%2d/%4d%c", &d, &m, &y, &tail) == 3 && y >= 1000) {
        char iso[48];
        std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
        return dayFromString(iso);
    }
    if (!s.empty() && s.find_first_not_of("0123456789.") == std::string::npos && s.size() <= 12) {
        const double serial = std::strtod(s.c_str(), nullptr);
        // 1950-01-01 .. 2099-12-31 only: a bare "2025" in a date column is a mistake, not 1905-07-17.
        if (serial >= 18264 && serial <= 73050 && serial == static_cast<double>(static_cast<std::int64_t>(serial)))
            return static_cast<std::int64_t>(serial) - 25569;
    }
    return std::nullopt;
}

bool codeIsValid(const std::string& code) {
    if (code.empty() || code.size() > 32) return false;
    for (char c : code)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') return false;
    return true;
}

/// RFC 4180 records, with the line each starts on; delimiter ',' or ';'.
std::vector<std::pair<int, std::vector<std::string>>> csvRecords(std::string_view text, char delimiter) {
    std::vector<std::pair<int, std::vector<std::string>>> out;
    int line = 1;
    std::size_t i = 0;
    while (i < text.size()) {
        const int startLine = line;
        if (text[i] == '#') {  // a comment line
            while (i < text.size() && text[i] != '\n') ++i;
            ++i;
            ++line;
            continue;
        }
        std::vector<std::string> fields(1);
        bool quoted = false, ended = false;
        while (i < text.size() && !ended) {
            const char c = text[i];
            if (quoted) {
                if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                    fields.back() += '"';
                    i += 2;
                    continue;
                }
                if (c == '"') quoted = false;
                else {
                    if (c == '\n') ++line;
                    fields.back() += c;
                }
                ++i;
                continue;
            }
            if (c == '"') quoted = true;
            else if (c == delimiter) fields.emplace_back();
            else if (c == '\n') {
                ended = true;
                ++line;
            } else if (c != '\r') fields.back() += c;
            ++i;
        }
        const bool blank = fields.size() == 1 && trim(fields.front()).empty();
        if (!blank) out.emplace_back(startLine, std::move(fields));
    }
    return out;
}

}  // namespace

Expected<RegistryFile, RegistryProblems> registryFromTable(
    const std::vector<std::pair<int, std::vector<std::string>>>& table, const std::string& fileName) {
    if (table.empty())
        return unexpected(RegistryProblems{fileProblem(fileName, 0,
                                                       "the file is empty: its first row must name the "
                                                       "columns (code,name_vi,name_en,level,parent,...)",
                                                       "tệp trống: dòng đầu phải là tên các cột")});
    RegistryFile out;
    const auto& [headerLine, header] = table.front();
    std::vector<std::optional<Column>> columns;
    std::vector<int> where(ColumnCount, -1);
    RegistryProblems problems;
    for (std::size_t i = 0; i < header.size(); ++i) {
        const std::string heading = trim(header[i]);
        const auto c = columnNamed(heading);
        columns.push_back(c);
        if (!c) {
            if (!heading.empty()) out.ignoredColumns.push_back(heading);
            continue;
        }
        if (where[*c] >= 0)
            problems.push_back(fileProblem(fileName, headerLine, "column " + heading + " is given twice",
                                           "cột " + heading + " có hai lần"));
        where[*c] = static_cast<int>(i);
    }
    const std::pair<Column, const char*> required[] = {{Code, "code"}, {NameVi, "name_vi"}, {Level, "level"}};
    for (const auto& [c, name] : required)
        if (where[c] < 0)
            problems.push_back(fileProblem(fileName, headerLine,
                                           std::string("no column ") + name +
                                               " in the first row (the columns are code,name_vi,name_en,level,"
                                               "parent,valid_from,valid_to,successor)",
                                           std::string("dòng đầu không có cột ") + name));
    if (!problems.empty()) return unexpected(std::move(problems));

    for (std::size_t r = 1; r < table.size(); ++r) {
        const int line = table[r].first;  // not a structured binding: lambdas below use them (clang 14)
        const std::vector<std::string>& cells = table[r].second;
        const auto cell = [&](Column c) {
            const int i = where[c];
            return i >= 0 && static_cast<std::size_t>(i) < cells.size() ? trim(cells[static_cast<std::size_t>(i)])
                                                                        : std::string();
        };
        const auto bad = [&](std::string en, std::string vi) {
            problems.push_back(fileProblem(fileName, line, std::move(en), std::move(vi)));
        };
        UnitRow row;
        row.file = fileName;
        row.line = line;
        row.code = cell(Code);
        row.nameVi = cell(NameVi);
        row.nameEn = cell(NameEn);
        row.parent = cell(Parent);
        row.successor = cell(Successor);
        if (!codeIsValid(row.code)) {
            bad("code " + (row.code.empty() ? std::string("is missing") : "\"" + row.code + "\" is not valid") +
                    ": 1 to 32 of A-Z a-z 0-9 . _ -",
                "mã đơn vị " + (row.code.empty() ? std::string("bị thiếu") : "\"" + row.code + "\" không hợp lệ") +
                    ": 1 đến 32 ký tự A-Z a-z 0-9 . _ -");
            continue;
        }
        if (row.nameVi.empty()) bad("unit " + row.code + " has no name_vi", "đơn vị " + row.code + " không có tên");
        if (row.nameEn.empty()) row.nameEn = row.nameVi;
        const std::string level = cell(Level);
        if (const auto l = levelNamed(level)) row.level = *l;
        else
            bad("level \"" + level + "\" of unit " + row.code + " is not central, province, commune or district",
                "cấp \"" + level + "\" của đơn vị " + row.code + " không phải trung ương, tỉnh, xã hoặc huyện");
        for (const auto& [c, name, field] :
             {std::tuple{ValidFrom, "valid_from", &row.validFrom}, std::tuple{ValidTo, "valid_to", &row.validTo}}) {
            const std::string value = cell(c);
            if (value.empty()) continue;
            if (const auto day = dayNamed(value)) *field = *day;
            else
                bad(std::string(name) + " \"" + value + "\" of unit " + row.code + " is not a date like 2025-07-01",
                    std::string(name) + " \"" + value + "\" của đơn vị " + row.code +
                        " không phải ngày dạng 2025-07-01 hoặc 01/07/2025");
        }
        if (row.validFrom > row.validTo)
            bad("unit " + row.code + " ends (" + row.validToString() + ") before it starts (" + row.validFromString() +
                    ")",
                "đơn vị " + row.code + " hết hiệu lực (" + row.validToString() + ") trước khi có hiệu lực (" +
                    row.validFromString() + ")");
        for (const std::string* ref : {&row.parent, &row.successor})
            if (!ref->empty() && !codeIsValid(*ref))
                bad("\"" + *ref + "\" (unit " + row.code + ") is not a unit code",
                    "\"" + *ref + "\" (đơn vị " + row.code + ") không phải mã đơn vị");
        out.rows.push_back(std::move(row));
    }
    if (!problems.empty()) return unexpected(std::move(problems));
    return out;
}

Expected<RegistryFile, RegistryProblems> parseRegistryCsv(std::string_view text, const std::string& fileName) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // Excel's BOM
    // The delimiter of the header row: Excel in some locales saves CSV with semicolons.
    std::size_t headerStart = 0;
    while (headerStart < text.size() && text[headerStart] == '#') {
        const auto end = text.find('\n', headerStart);
        headerStart = end == std::string_view::npos ? text.size() : end + 1;
    }
    const std::string_view header = text.substr(headerStart, text.find('\n', headerStart) - headerStart);
    const char delimiter = header.find(',') == std::string_view::npos && header.find(';') != std::string_view::npos
                               ? ';'
                               : ',';
    return registryFromTable(csvRecords(text, delimiter), fileName);
}

namespace {

struct ZipCloser {
    void operator()(zip_t* z) const { zip_discard(z); }
};

/// One member of a zip archive, refused past MaxFileBytes (a crafted "zip bomb").
std::optional<std::string> zipMember(zip_t* z, const std::string& name) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(z, name.c_str(), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || st.size > MaxFileBytes)
        return std::nullopt;
    zip_file_t* f = zip_fopen(z, name.c_str(), 0);
    if (!f) return std::nullopt;
    std::string out(static_cast<std::size_t>(st.size), '\0');
    const zip_int64_t n = zip_fread(f, out.data(), st.size);
    zip_fclose(f);
    if (n != static_cast<zip_int64_t>(st.size)) return std::nullopt;
    return out;
}

/// "BC12" -> column 54 (0-based), row 12.
std::pair<std::size_t, int> cellRef(std::string_view ref) {
    std::size_t col = 0, i = 0;
    for (; i < ref.size() && std::isalpha(static_cast<unsigned char>(ref[i])); ++i)
        col = col * 26 + static_cast<std::size_t>(std::toupper(static_cast<unsigned char>(ref[i])) - 'A' + 1);
    return {col == 0 ? 0 : col - 1, std::atoi(std::string(ref.substr(i)).c_str())};
}

std::string allText(const pugi::xml_node& node) {  // <si><t>..</t></si> or rich runs <r><t>..</t></r>
    std::string out;
    for (const pugi::xpath_node& t : node.select_nodes(".//*[local-name()='t']")) out += t.node().text().get();
    return out;
}

Expected<std::vector<std::pair<int, std::vector<std::string>>>, std::string> xlsxTable(const fs::path& path) {
    int error = 0;
    std::unique_ptr<zip_t, ZipCloser> z(zip_open(path.c_str(), ZIP_RDONLY, &error));
    if (!z) return unexpected(std::string("not an .xlsx workbook (cannot open it as a zip archive)"));
    pugi::xml_document workbook, rels, sheet, shared;
    const auto parse = [&](pugi::xml_document& doc, const std::string& member) {
        const auto bytes = zipMember(z.get(), member);
        return bytes && doc.load_buffer(bytes->data(), bytes->size());
    };
    if (!parse(workbook, "xl/workbook.xml") || !parse(rels, "xl/_rels/workbook.xml.rels"))
        return unexpected(std::string("not an .xlsx workbook (no xl/workbook.xml)"));
    const pugi::xml_node first = workbook.select_node("//*[local-name()='sheet']").node();
    std::string id;
    for (const pugi::xml_attribute& a : first.attributes())
        if (std::string_view(a.name()).size() >= 3 &&
            std::string_view(a.name()).substr(std::string_view(a.name()).size() - 3) == ":id")
            id = a.value();
    std::string target;
    for (const pugi::xpath_node& r : rels.select_nodes("//*[local-name()='Relationship']"))
        if (id == r.node().attribute("Id").value()) target = r.node().attribute("Target").value();
    if (target.empty()) return unexpected(std::string("the workbook has no sheet"));
    target = target.front() == '/' ? target.substr(1) : "xl/" + target;
    if (!parse(sheet, target)) return unexpected(std::string("its first sheet cannot be read"));
    std::vector<std::string> strings;
    if (parse(shared, "xl/sharedStrings.xml"))
        for (const pugi::xpath_node& si : shared.select_nodes("//*[local-name()='si']"))
            strings.push_back(allText(si.node()));

    std::vector<std::pair<int, std::vector<std::string>>> table;
    for (const pugi::xpath_node& rowNode : sheet.select_nodes("//*[local-name()='sheetData']/*[local-name()='row']")) {
        const int line = rowNode.node().attribute("r").as_int(static_cast<int>(table.size()) + 1);
        std::vector<std::string> cells;
        std::size_t next = 0;
        for (const pugi::xml_node& c : rowNode.node().children()) {
            std::string_view tag = c.name();
            if (const auto colon = tag.rfind(':'); colon != std::string_view::npos) tag.remove_prefix(colon + 1);
            if (tag != "c") continue;
            if (c.attribute("r")) next = cellRef(c.attribute("r").value()).first;
            if (next > 16384) break;
            if (cells.size() <= next) cells.resize(next + 1);
            const std::string_view type = c.attribute("t").value();
            const pugi::xml_node v = c.select_node("*[local-name()='v']").node();
            if (type == "s") {
                const auto i = static_cast<std::size_t>(v.text().as_ullong(~0ull));
                cells[next] = i < strings.size() ? strings[i] : "";
            } else if (type == "inlineStr") cells[next] = allText(c);
            else cells[next] = v.text().get();
            ++next;
        }
        bool blank = true;
        for (const std::string& s : cells) blank = blank && trim(s).empty();
        if (!blank) table.emplace_back(line, std::move(cells));
    }
    return table;
}

}  // namespace

Expected<RegistryFile, RegistryProblems> readRegistryFile(const fs::path& path) {
    const std::string name = path.filename().string();
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec)
        return unexpected(
            RegistryProblems{fileProblem(name, 0, "cannot be read: " + ec.message(), "không đọc được tệp")});
    if (size > MaxFileBytes)
        return unexpected(RegistryProblems{fileProblem(name, 0, "is larger than 64 MB: not a unit registry",
                                                       "lớn hơn 64 MB: không phải danh mục đơn vị")});
    std::string ext = path.extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".xlsx") {
        auto table = xlsxTable(path);
        if (!table)
            return unexpected(RegistryProblems{fileProblem(name, 0, table.error(), "không đọc được bảng tính .xlsx")});
        return registryFromTable(*table, name);
    }
    if (ext == ".xls")
        return unexpected(RegistryProblems{fileProblem(name, 0, "is an old Excel .xls file: save it as .xlsx or CSV",
                                                       "là tệp Excel .xls cũ: hãy lưu thành .xlsx hoặc CSV")});
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) return unexpected(RegistryProblems{fileProblem(name, 0, "cannot be read", "không đọc được tệp")});
    return parseRegistryCsv(text.str(), name);
}

}  // namespace hailong::core
