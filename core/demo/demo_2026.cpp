#include "demo_play.h"

#include "base/clock.h"
#include "base/ids.h"
#include "batch/export_cache.h"
#include "batch/exporter.h"
#include "batch/key_file.h"
#include "batch/kiosk_keys.h"
#include "store/audit_log.h"
#include "store/settings_store.h"
#include "store/sqlite_response_store.h"
#include "survey/questionnaire.h"
#include "survey/settings.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <limits>
#include <mutex>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <vector>

// Map2026: two years across the reform of 2025 (demo_data.h).
namespace hailong::core::demo {

namespace {

/// A provincial-level unit before 1 July 2025 (assets/registry/provinces.csv), with one of its
/// district-level units (a huyện that existed until the end of the district level).
struct FormerProvince {
    const char* code;
    const char* name;
    const char* nameEn;
    const char* successor;  ///< the code of the province it is part of from 1 July 2025
    const char* district;
    const char* districtEn;
};

const FormerProvince FormerProvinces[] = {
    {"01", "Thành phố Hà Nội", "Hanoi", "01", "huyện Ba Vì", "Ba Vi District"},
    {"02", "Tỉnh Hà Giang", "Ha Giang Province", "08", "huyện Đồng Văn", "Dong Van District"},
    {"04", "Tỉnh Cao Bằng", "Cao Bang Province", "04", "huyện Trùng Khánh", "Trung Khanh District"},
    {"06", "Tỉnh Bắc Kạn", "Bac Kan Province", "19", "huyện Ba Bể", "Ba Be District"},
    {"08", "Tỉnh Tuyên Quang", "Tuyen Quang Province", "08", "huyện Hàm Yên", "Ham Yen District"},
    {"10", "Tỉnh Lào Cai", "Lao Cai Province", "15", "huyện Bắc Hà", "Bac Ha District"},
    {"11", "Tỉnh Điện Biên", "Dien Bien Province", "11", "huyện Mường Chà", "Muong Cha District"},
    {"12", "Tỉnh Lai Châu", "Lai Chau Province", "12", "huyện Tam Đường", "Tam Duong District"},
    {"14", "Tỉnh Sơn La", "Son La Province", "14", "huyện Mộc Châu", "Moc Chau District"},
    {"15", "Tỉnh Yên Bái", "Yen Bai Province", "15", "huyện Văn Chấn", "Van Chan District"},
    {"17", "Tỉnh Hòa Bình", "Hoa Binh Province", "25", "huyện Mai Châu", "Mai Chau District"},
    {"19", "Tỉnh Thái Nguyên", "Thai Nguyen Province", "19", "huyện Đại Từ", "Dai Tu District"},
    {"20", "Tỉnh Lạng Sơn", "Lang Son Province", "20", "huyện Hữu Lũng", "Huu Lung District"},
    {"22", "Tỉnh Quảng Ninh", "Quang Ninh Province", "22", "huyện Vân Đồn", "Van Don District"},
    {"24", "Tỉnh Bắc Giang", "Bac Giang Province", "24", "huyện Lục Nam", "Luc Nam District"},
    {"25", "Tỉnh Phú Thọ", "Phu Tho Province", "25", "huyện Lâm Thao", "Lam Thao District"},
    {"26", "Tỉnh Vĩnh Phúc", "Vinh Phuc Province", "25", "huyện Tam Đảo", "Tam Dao District"},
    {"27", "Tỉnh Bắc Ninh", "Bac Ninh Province", "24", "huyện Gia Bình", "Gia Binh District"},
    {"30", "Tỉnh Hải Dương", "Hai Duong Province", "31", "huyện Thanh Hà", "Thanh Ha District"},
    {"31", "Thành phố Hải Phòng", "Hai Phong City", "31", "huyện Vĩnh Bảo", "Vinh Bao District"},
    {"33", "Tỉnh Hưng Yên", "Hung Yen Province", "33", "huyện Khoái Châu", "Khoai Chau District"},
    {"34", "Tỉnh Thái Bình", "Thai Binh Province", "33", "huyện Tiền Hải", "Tien Hai District"},
    {"35", "Tỉnh Hà Nam", "Ha Nam Province", "37", "huyện Lý Nhân", "Ly Nhan District"},
    {"36", "Tỉnh Nam Định", "Nam Dinh Province", "37", "huyện Hải Hậu", "Hai Hau District"},
    {"37", "Tỉnh Ninh Bình", "Ninh Binh Province", "37", "huyện Kim Sơn", "Kim Son District"},
    {"38", "Tỉnh Thanh Hóa", "Thanh Hoa Province", "38", "huyện Hoằng Hóa", "Hoang Hoa District"},
    {"40", "Tỉnh Nghệ An", "Nghe An Province", "40", "huyện Diễn Châu", "Dien Chau District"},
    {"42", "Tỉnh Hà Tĩnh", "Ha Tinh Province", "42", "huyện Hương Khê", "Huong Khe District"},
    {"44", "Tỉnh Quảng Bình", "Quang Binh Province", "44", "huyện Bố Trạch", "Bo Trach District"},
    {"45", "Tỉnh Quảng Trị", "Quang Tri Province", "44", "huyện Hải Lăng", "Hai Lang District"},
    // Thừa Thiên Huế became the centrally-run city of Huế on 1 January 2025 (Res. 175/2024/QH15).
    {"46", "Tỉnh Thừa Thiên Huế", "Thua Thien Hue Province", "46", "huyện A Lưới", "A Luoi District"},
    {"48", "Thành phố Đà Nẵng", "Da Nang City", "48", "huyện Hòa Vang", "Hoa Vang District"},
    {"49", "Tỉnh Quảng Nam", "Quang Nam Province", "48", "huyện Duy Xuyên", "Duy Xuyen District"},
    {"51", "Tỉnh Quảng Ngãi", "Quang Ngai Province", "51", "huyện Sơn Tịnh", "Son Tinh District"},
    {"52", "Tỉnh Bình Định", "Binh Dinh Province", "52", "huyện Tuy Phước", "Tuy Phuoc District"},
    {"54", "Tỉnh Phú Yên", "Phu Yen Province", "66", "huyện Tuy An", "Tuy An District"},
    {"56", "Tỉnh Khánh Hòa", "Khanh Hoa Province", "56", "huyện Diên Khánh", "Dien Khanh District"},
    {"58", "Tỉnh Ninh Thuận", "Ninh Thuan Province", "56", "huyện Ninh Hải", "Ninh Hai District"},
    {"60", "Tỉnh Bình Thuận", "Binh Thuan Province", "68", "huyện Hàm Thuận Bắc", "Ham Thuan Bac District"},
    {"62", "Tỉnh Kon Tum", "Kon Tum Province", "51", "huyện Đắk Hà", "Dak Ha District"},
    {"64", "Tỉnh Gia Lai", "Gia Lai Province", "52", "huyện Chư Sê", "Chu Se District"},
    {"66", "Tỉnh Đắk Lắk", "Dak Lak Province", "66", "huyện Krông Pắc", "Krong Pac District"},
    {"67", "Tỉnh Đắk Nông", "Dak Nong Province", "68", "huyện Cư Jút", "Cu Jut District"},
    {"68", "Tỉnh Lâm Đồng", "Lam Dong Province", "68", "huyện Đức Trọng", "Duc Trong District"},
    {"70", "Tỉnh Bình Phước", "Binh Phuoc Province", "75", "huyện Bù Đăng", "Bu Dang District"},
    {"72", "Tỉnh Tây Ninh", "Tay Ninh Province", "80", "huyện Dương Minh Châu", "Duong Minh Chau District"},
    {"74", "Tỉnh Bình Dương", "Binh Duong Province", "79", "huyện Bàu Bàng", "Bau Bang District"},
    {"75", "Tỉnh Đồng Nai", "Dong Nai Province", "75", "huyện Trảng Bom", "Trang Bom District"},
    {"77", "Tỉnh Bà Rịa - Vũng Tàu", "Ba Ria - Vung Tau Province", "79", "huyện Xuyên Mộc", "Xuyen Moc District"},
    {"79", "Thành phố Hồ Chí Minh", "Ho Chi Minh City", "79", "huyện Củ Chi", "Cu Chi District"},
    {"80", "Tỉnh Long An", "Long An Province", "80", "huyện Đức Hòa", "Duc Hoa District"},
    {"82", "Tỉnh Tiền Giang", "Tien Giang Province", "82", "huyện Cái Bè", "Cai Be District"},
    {"83", "Tỉnh Bến Tre", "Ben Tre Province", "86", "huyện Mỏ Cày Nam", "Mo Cay Nam District"},
    {"84", "Tỉnh Trà Vinh", "Tra Vinh Province", "86", "huyện Cầu Kè", "Cau Ke District"},
    {"86", "Tỉnh Vĩnh Long", "Vinh Long Province", "86", "huyện Long Hồ", "Long Ho District"},
    {"87", "Tỉnh Đồng Tháp", "Dong Thap Province", "82", "huyện Tháp Mười", "Thap Muoi District"},
    {"89", "Tỉnh An Giang", "An Giang Province", "91", "huyện Chợ Mới", "Cho Moi District"},
    {"91", "Tỉnh Kiên Giang", "Kien Giang Province", "91", "huyện Giồng Riềng", "Giong Rieng District"},
    {"92", "Thành phố Cần Thơ", "Can Tho City", "92", "huyện Phong Điền", "Phong Dien District"},
    {"93", "Tỉnh Hậu Giang", "Hau Giang Province", "92", "huyện Phụng Hiệp", "Phung Hiep District"},
    {"94", "Tỉnh Sóc Trăng", "Soc Trang Province", "92", "huyện Mỹ Xuyên", "My Xuyen District"},
    {"95", "Tỉnh Bạc Liêu", "Bac Lieu Province", "96", "huyện Hòa Bình", "Hoa Binh District"},
    {"96", "Tỉnh Cà Mau", "Ca Mau Province", "96", "huyện Năm Căn", "Nam Can District"},
};

/// The 34 provincial-level units from 1 July 2025; `formed` says whether it is a new unit (formed
/// by merger from 1 July 2025) or one of the 11 that stayed as they were.
struct NewProvince {
    const char* code;
    const char* name;
    const char* nameEn;
    bool formed;
};

const NewProvince NewProvinces[] = {
    {"01", "Thành phố Hà Nội", "Hanoi", false},
    {"04", "Tỉnh Cao Bằng", "Cao Bang Province", false},
    {"08", "Tỉnh Tuyên Quang", "Tuyen Quang Province", true},
    {"11", "Tỉnh Điện Biên", "Dien Bien Province", false},
    {"12", "Tỉnh Lai Châu", "Lai Chau Province", false},
    {"14", "Tỉnh Sơn La", "Son La Province", false},
    {"15", "Tỉnh Lào Cai", "Lao Cai Province", true},
    {"19", "Tỉnh Thái Nguyên", "Thai Nguyen Province", true},
    {"20", "Tỉnh Lạng Sơn", "Lang Son Province", false},
    {"22", "Tỉnh Quảng Ninh", "Quang Ninh Province", false},
    {"24", "Tỉnh Bắc Ninh", "Bac Ninh Province", true},
    {"25", "Tỉnh Phú Thọ", "Phu Tho Province", true},
    {"31", "Thành phố Hải Phòng", "Hai Phong City", true},
    {"33", "Tỉnh Hưng Yên", "Hung Yen Province", true},
    {"37", "Tỉnh Ninh Bình", "Ninh Binh Province", true},
    {"38", "Tỉnh Thanh Hóa", "Thanh Hoa Province", false},
    {"40", "Tỉnh Nghệ An", "Nghe An Province", false},
    {"42", "Tỉnh Hà Tĩnh", "Ha Tinh Province", false},
    {"44", "Tỉnh Quảng Trị", "Quang Tri Province", true},
    {"46", "Thành phố Huế", "Hue City", false},
    {"48", "Thành phố Đà Nẵng", "Da Nang City", true},
    {"51", "Tỉnh Quảng Ngãi", "Quang Ngai Province", true},
    {"52", "Tỉnh Gia Lai", "Gia Lai Province", true},
    {"56", "Tỉnh Khánh Hòa", "Khanh Hoa Province", true},
    {"66", "Tỉnh Đắk Lắk", "Dak Lak Province", true},
    {"68", "Tỉnh Lâm Đồng", "Lam Dong Province", true},
    {"75", "Tỉnh Đồng Nai", "Dong Nai Province", true},
    {"79", "Thành phố Hồ Chí Minh", "Ho Chi Minh City", true},
    {"80", "Tỉnh Tây Ninh", "Tay Ninh Province", true},
    {"82", "Tỉnh Đồng Tháp", "Dong Thap Province", true},
    {"86", "Tỉnh Vĩnh Long", "Vinh Long Province", true},
    {"91", "Tỉnh An Giang", "An Giang Province", true},
    {"92", "Thành phố Cần Thơ", "Can Tho City", true},
    {"96", "Tỉnh Cà Mau", "Ca Mau Province", true},
};

// The dates of the reform.
constexpr std::int64_t HueCityDay = dayOf(2025, 1, 1);           // Thừa Thiên Huế became the city of Huế
constexpr std::int64_t NoDistrictPoliceDay = dayOf(2025, 3, 1);  // district-level police ended
constexpr std::int64_t TwoLevelDay = dayOf(2025, 7, 1);          // 34 provinces, communes, no district level

/// Satisfaction in basis points (9000 = 90.00% satisfied or very satisfied).
struct Level {
    int bp;
    int at(int monthsAfterReform) const {
        // A few months of change after 1 July 2025 (new units, new counters, files moved), then a
        // little better than before.
        static constexpr int Change[] = {-600, -450, -300, -150, -50, 0, 50, 100, 100, 150, 150, 200};
        const int change = monthsAfterReform < 0 ? 0 : Change[std::min(monthsAfterReform, 11)];
        return std::clamp(bp + change, 5000, 9950);
    }
};

/// Ratings of one month at one kiosk: about `perMonth` on its working days from `fromDay` on.
template <typename Random>
void rateMonth(KioskPlan& plan, const Month& m, std::int64_t fromDay, std::int64_t toDay, int perMonth, int bp,
               Random& random) {
    std::vector<std::int64_t> days;
    for (std::int64_t d : m.workingDays())
        if (d >= fromDay && d <= toDay) days.push_back(d);
    if (days.empty()) return;
    const int n = perMonth * (80 + static_cast<int>(random() % 41)) / 100 * static_cast<int>(days.size()) /
                  static_cast<int>(m.workingDays().size());
    for (int i = 0; i < n; ++i) {
        const std::int64_t at = ratingTime(days, random);
        const bool satisfied = static_cast<int>(random() % 10000) < bp;
        plan.ratings.push_back(
            {at, satisfied ? (random() % 10 < 6 ? "very_satisfied" : "satisfied") : "not_satisfied"});
    }
}

}  // namespace

DemoSummary makeMap2026(const fs::path& folder, const std::function<void(int, int)>& progress) {
    DemoSummary summary;
    summary.scenario = DemoScenario::Map2026;
    summary.firstDay = "2024-07-01";
    summary.lastDay = "2026-06-30";
    std::vector<Month> months;
    for (Month m{2024, 7}; m < Month{2026, 7}; m = m.next()) months.push_back(m);
    const auto monthsAfterReform = [](const Month& m) { return (m.year - 2025) * 12 + m.month - 7; };
    const std::int64_t firstDay = dayOf(2024, 7, 1), lastDay = dayOf(2026, 6, 30);
    const std::int64_t installMs = localMs(firstDay - 1, 9 * 60);
    constexpr int PerMonthCentral = 40, PerMonthProvince = 20, PerMonthDistrict = 16, PerMonthCommune = 8;

    std::mt19937_64 random(20250701);
    std::map<std::string, Level> former, formed;  // satisfaction of each province, by code
    for (const FormerProvince& p : FormerProvinces) former[p.code] = Level{8000 + static_cast<int>(random() % 1600)};
    std::map<std::string, std::vector<const FormerProvince*>> partsOf;
    for (const FormerProvince& p : FormerProvinces) partsOf[p.successor].push_back(&p);
    for (const NewProvince& n : NewProvinces) {
        int sum = 0;
        for (const FormerProvince* p : partsOf.at(n.code)) sum += former.at(p->code).bp;
        formed[n.code] = Level{sum / static_cast<int>(partsOf.at(n.code).size())};
    }
    const auto newProvince = [](const std::string& code) -> const NewProvince& {
        for (const NewProvince& n : NewProvinces)
            if (code == n.code) return n;
        throw std::logic_error("no province " + code);
    };

    std::vector<RegistryRow> registry;
    std::vector<KioskPlan> plans;
    const auto startPlan = [&](const std::string& keyName, const UnitInfo& unit) -> KioskPlan& {
        KioskPlan& plan = plans.emplace_back();
        plan.keyName = keyName;
        plan.stints.push_back({std::numeric_limits<std::int64_t>::min(), unit});
        plan.installMs = installMs;
        plan.seed = 20260630 + plans.size();
        return plan;
    };
    const auto at730 = [](std::int64_t day) { return localMs(day, 7 * 60 + 30); };  // re-configured before opening
    const auto finish = [](KioskPlan& plan) {
        std::stable_sort(plan.ratings.begin(), plan.ratings.end(),
                         [](const PlannedRating& a, const PlannedRating& b) { return a.at < b.at; });
    };

    // The central departments, throughout.
    const struct {
        const char *code, *name, *nameEn;
        int bp;
    } central[] = {{"C06", "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
                    "Police Department for Administrative Management of Social Order", 9400},
                   {"C08", "Cục Cảnh sát giao thông", "Traffic Police Department", 9100}};
    for (const auto& c : central) {
        registry.push_back({c.code, c.name, c.nameEn, "central", "", "", "", ""});
        KioskPlan& plan = startPlan(c.code, UnitInfo{c.code, c.name, "central", "Quầy tiếp nhận 1"});
        std::mt19937_64 r(plan.seed * 7919);
        for (const Month& m : months) {
            rateMonth(plan, m, firstDay, lastDay, PerMonthCentral, c.bp, r);
            plan.exports.push_back({m.exportMs()});
        }
        finish(plan);
    }

    // The provincial police: the 63 until 30 June 2025, the 34 from 1 July 2025. Each former
    // provincial police's kiosk carries on at its successor (a counter of its own at the former seat).
    for (const FormerProvince& p : FormerProvinces) {
        const std::string code = std::string("CAT-") + p.code, successor = std::string("CAT-") + p.successor;
        const NewProvince& n = newProvince(p.successor);
        const bool unchanged = !n.formed;  // one of the 11 provinces that stayed as they were
        const bool hue = std::string(p.code) == "46";
        const UnitInfo before{code, "Công an " + lowerKind(p.name), "province", "Quầy tiếp nhận 1"};
        if (unchanged && !hue) {
            registry.push_back({code, before.name, policeEn(p.nameEn), "province", p.code, "", "", ""});
        } else if (hue) {
            registry.push_back({code, before.name, policeEn(p.nameEn), "province", p.code, "", "2024-12-31", code});
            registry.push_back(
                {code, "Công an " + lowerKind(n.name), policeEn(n.nameEn), "province", p.code, "2025-01-01", "", ""});
        } else {
            registry.push_back(
                {code, before.name, policeEn(p.nameEn), "province", p.code, "", "2025-06-30", successor});
        }
        KioskPlan& plan = startPlan(code, before);
        if (hue)
            plan.stints.push_back(
                {at730(HueCityDay), UnitInfo{code, "Công an " + lowerKind(n.name), "province", "Quầy tiếp nhận 1"}});
        if (!unchanged)
            plan.stints.push_back({at730(TwoLevelDay), UnitInfo{successor, "Công an " + lowerKind(n.name), "province",
                                                                std::string(p.code) == p.successor
                                                                    ? "Quầy tiếp nhận 1"
                                                                    : "Quầy tiếp nhận, cơ sở " + withoutKind(p.name)}});
        std::mt19937_64 r(plan.seed * 7919);
        std::mt19937_64 own(plan.seed * 104729);
        const int noise = static_cast<int>(own() % 301) - 150;
        for (const Month& m : months) {
            const int after = monthsAfterReform(m);
            const int bp = (after < 0 ? former.at(p.code).bp : formed.at(p.successor).at(after)) + noise;
            // From March to June 2025 the provincial police also received the district police's work.
            const bool busier = after < 0 && m.firstDay() >= NoDistrictPoliceDay;
            rateMonth(plan, m, firstDay, lastDay, busier ? PerMonthProvince * 3 / 2 : PerMonthProvince, bp, r);
            plan.exports.push_back({m.exportMs()});
        }
        finish(plan);
    }
    for (const NewProvince& n : NewProvinces)
        if (n.formed)
            registry.push_back({std::string("CAT-") + n.code, "Công an " + lowerKind(n.name), policeEn(n.nameEn),
                                "province", n.code, "2025-07-01", "", ""});

    // One district police of each former province, until 28 February 2025; its kiosk then goes to
    // one of the new communes of the successor province, from 1 July 2025. The other communes get
    // kiosks of their own.
    std::map<std::string, int> communes, communesTaken;  // by new province: how many, how many given
    for (const NewProvince& n : NewProvinces) communes[n.code] = 5 + static_cast<int>(random() % 4);
    std::vector<RegistryRow> communeRows;
    const auto communeUnit = [&](const NewProvince& n, int number, const std::string& counter) {
        char code[16];
        std::snprintf(code, sizeof code, "-%02d", number);
        const bool ward = number <= (isCity(n.name) ? 3 : 1);  // the wards of the towns, then communes
        UnitInfo unit{std::string("CAX-") + n.code + code,
                      std::string("Công an ") + (ward ? "phường" : "xã") + " số " + std::to_string(number) + ", " +
                          lowerKind(n.name),
                      "commune", counter};
        communeRows.push_back(
            {unit.code, unit.name,
             std::string(ward ? "Ward" : "Commune") + " Police No. " + std::to_string(number) + ", " + n.nameEn,
             "commune", std::string("CAT-") + n.code, "2025-07-01", "", ""});
        return unit;
    };
    const auto communeLevel = [&](const NewProvince& n, std::mt19937_64& own) {
        return Level{formed.at(n.code).bp - 200 + static_cast<int>(own() % 601) - 300};
    };
    for (const FormerProvince& p : FormerProvinces) {
        const std::string parent = std::string("CAT-") + p.code, code = std::string("CAH-") + p.code + "-1";
        const std::string in = ", " + lowerKind(p.name), inEn = " Police, " + std::string(p.nameEn);
        const UnitInfo district{code, "Công an " + std::string(p.district) + in, "district", "Quầy tiếp nhận 1"};
        KioskPlan& plan = startPlan(code, district);
        if (std::string(p.code) == "46") {
            const NewProvince& hue = newProvince("46");
            const std::string renamed = "Công an " + std::string(p.district) + ", " + lowerKind(hue.name);
            registry.push_back({code, district.name, p.districtEn + inEn, "district", parent, "", "2024-12-31", code});
            registry.push_back({code, renamed, p.districtEn + std::string(" Police, ") + hue.nameEn, "district", parent,
                                "2025-01-01", "2025-02-28", parent});
            plan.stints.push_back({at730(HueCityDay), UnitInfo{code, renamed, "district", "Quầy tiếp nhận 1"}});
        } else {
            registry.push_back(
                {code, district.name, p.districtEn + inEn, "district", parent, "", "2025-02-28", parent});
        }
        const NewProvince& n = newProvince(p.successor);
        plan.stints.push_back({at730(TwoLevelDay), communeUnit(n, ++communesTaken[n.code], "Quầy tiếp nhận 1")});
        std::mt19937_64 r(plan.seed * 7919);
        std::mt19937_64 own(plan.seed * 104729);
        const Level commune = communeLevel(n, own);
        for (const Month& m : months) {
            const int after = monthsAfterReform(m);
            if (after < 0 && m.firstDay() >= NoDistrictPoliceDay) continue;  // no district police, no commune yet
            if (after < 0)
                rateMonth(plan, m, firstDay, NoDistrictPoliceDay - 1, PerMonthDistrict, former.at(p.code).bp - 300, r);
            else rateMonth(plan, m, TwoLevelDay, lastDay, PerMonthCommune, commune.at(after), r);
            plan.exports.push_back({m.exportMs()});
        }
        finish(plan);
    }
    for (const NewProvince& n : NewProvinces)
        for (int c = communesTaken[n.code] + 1; c <= communes.at(n.code); ++c) {
            const UnitInfo unit = communeUnit(n, c, "Quầy tiếp nhận 1");
            KioskPlan& plan = startPlan(unit.code, unit);
            plan.installMs = at730(TwoLevelDay) - DayMs;  // set up the day before the communes opened
            std::mt19937_64 r(plan.seed * 7919);
            std::mt19937_64 own(plan.seed * 104729);
            const Level commune = communeLevel(n, own);
            for (const Month& m : months) {
                if (monthsAfterReform(m) < 0) continue;
                rateMonth(plan, m, TwoLevelDay, lastDay, PerMonthCommune, commune.at(monthsAfterReform(m)), r);
                plan.exports.push_back({m.exportMs()});
            }
            finish(plan);
        }
    std::stable_sort(communeRows.begin(), communeRows.end(),
                     [](const RegistryRow& a, const RegistryRow& b) { return a.code < b.code; });
    registry.insert(registry.end(), communeRows.begin(), communeRows.end());
    writeRegistry(folder / "units.csv", registry);
    summarise(summary, registry);

    const std::vector<KioskOutcome> outcomes = playKiosks(plans, folder, progress);
    DemoPart before{"2024-07-01 – 2025-06-30 (63 provinces; district police until 2025-02-28)", 0, 0};
    DemoPart after{"2025-07-01 – 2026-06-30 (34 provinces, communes)", 0, 0};
    const std::int64_t reformMs = localMs(TwoLevelDay, 0);
    for (std::size_t k = 0; k < outcomes.size(); ++k) {
        ++summary.kiosks;
        summary.batchFiles += outcomes[k].batchFiles;
        summary.ratingsCounted += outcomes[k].counted;
        summary.satisfied += outcomes[k].satisfied;
        for (const PlannedRating& r : plans[k].ratings) {
            DemoPart& part = r.at < reformMs ? before : after;
            ++part.ratings;
            part.satisfied += r.value != "not_satisfied";
        }
    }
    summary.parts = {before, after};
    return summary;
}

}  // namespace hailong::core::demo
