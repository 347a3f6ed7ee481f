"""The words agency names are read with (folded: no accents, lower case).

Kept apart from the rules in :mod:`planpub.importer.names` that use them: the lists grow as
real plans show new wordings, and each entry is a reading of Vietnamese administrative
language (a word that opens a name, a verb that ends one), not logic.
"""

from __future__ import annotations

# Words that open an agency's name (folded). Longest first where one is a prefix of another.
HEADS = tuple(sorted({
    "uy ban", "ubnd", "ubmttq", "hdnd", "hoi dong", "toa an", "tand", "vien", "vksnd",
    "cong an", "cuc", "chi cuc", "tong cuc", "so", "bo", "ban", "phong", "van phong",
    "thanh tra", "kho bac", "ngan hang", "bao hiem", "dai", "bao", "thong tan xa",
    "trung tam", "truong", "benh vien", "hoi", "lien doan", "lien minh", "mat tran", "doan",
    "tinh doan", "thanh doan", "huyen doan", "dang uy", "tinh uy", "thanh uy", "huyen uy",
    "bo chi huy", "bch", "bo doi", "canh sat", "chu tich", "pho chu tich", "thu tuong",
    "chinh phu", "quoc hoi", "kiem toan", "vu", "hoc vien", "dai hoc", "bo phan", "cong chuc",
    "can bo", "giam doc", "thu truong", "nguoi dung dau", "to cong tac", "quy", "tong cong ty",
    "cong ty", "co quan", "don vi", "cac", "lanh dao", "doanh nghiep", "chi nhanh",
    "hai quan", "kiem lam", "cang vu", "nha xuat ban", "tap chi", "cong thong tin",
    "thuong truc", "ky niem", "tong lien doan", "trung uong", "hoi lien hiep",
    "co so dao tao", "co so giao duc", "co so y te", "co so kham", "vien nghien cuu",
}, key=len, reverse=True))

# Nouns naming a kind of body; lists of them form collective names.
TYPES = ("co quan ngang bo", "co quan thuoc chinh phu", "co quan", "don vi", "dia phuong",
         "to chuc", "ca nhan", "doanh nghiep", "so", "ban", "nganh", "bo", "xa", "phuong",
         "thi tran", "huyen", "quan", "thi xa", "thanh pho", "tinh", "doan the", "hoi",
         "phong", "cap")
QUALIFIERS = ("khac co lien quan", "co lien quan", "lien quan", "khac", "truc thuoc trung uong",
              "truc thuoc tinh", "thuoc chinh phu", "ngang bo", "tren dia ban", "cap tinh",
              "cap huyen", "cap xa", "thanh pho", "tinh", "phuong", "xa", "huyen", "quan",
              "thi xa", "thi tran")
CLOSING = ("co lien quan", "lien quan", "khac", "truc thuoc trung uong", "truc thuoc tinh",
           "tren dia ban")
STANDALONE = ("to chuc chinh tri", "to chuc xa hoi", "doan the chinh tri")

# Phrases after which a name has ended and the sentence goes on (folded, whole words).
BOUNDARIES = (
    "tien hanh", "co trach nhiem", "chiu trach nhiem", "chu tri", "phoi hop", "chu dong",
    "tiep tuc", "thuc hien", "trien khai", "ra soat", "xay dung", "lap", "theo", "huong dan",
    "bao cao", "tham muu", "nam bat", "kip thoi", "khan truong", "co the", "can cu",
    "tren co so", "de", "nham", "trong", "thuong xuyen", "dinh ky", "tong hop", "gui",
    "cap nhat", "bo tri", "dam bao", "bao dam", "tuyen truyen", "pho bien", "kiem tra",
    "don doc", "giam sat", "nghien cuu", "de xuat", "de nghi", "tap trung", "quan triet",
    "tiep nhan", "cung cap", "phat hien", "thong bao", "khi", "neu", "sau khi", "truoc",
    "duoc giao", "duoc phan cong", "la co quan", "lam dau moi", "co van ban",
    "bien soan", "to chuc thuc hien", "to chuc trien khai", "to chuc tuyen truyen",
    "to chuc tap huan", "to chuc kiem tra", "to chuc hoi nghi", "to chuc danh gia",
    "to chuc lay y kien", "to chuc tong ket", "to chuc so ket", "to chuc hoi thao",
    "to chuc toa dam", "to chuc phat dong", "to chuc cac", "to chuc xay dung", "to chuc thi",
    "to chuc boi duong", "to chuc dao tao", "to chuc ra soat", "to chuc giam sat",
    "to chuc le", "to chuc truyen thong", "to chuc van dong", "to chuc thong tin",
    "van hanh", "quan ly nha nuoc", "nang cao", "tang cuong",
    "day manh", "ban hanh", "trinh", "xu ly", "giai quyet dut diem", "uu tien", "phan dau",
    "la", "chi dao", "phan cong", "xac dinh", "dong chu tri", "giup", "tham gia", "phat huy",
    "dong hanh", "mo them", "niem yet", "cong khai", "theo doi", "danh gia", "phe duyet",
    "chuan bi", "thanh lap", "kien toan", "cung co", "dang tai", "phat song", "dua tin",
    "thuc day", "phat dong", "boi duong", "tap huan",
)
# Single-syllable heads, spelled out: "Sở" opens a name, "Số" does not.
SPELLING = {"so": "sở", "bo": "bộ", "ban": "ban", "dai": "đài", "bao": "báo", "vu": "vụ",
            "quy": "quỹ", "vien": "viện", "hoi": "hội", "phong": "phòng", "doan": "đoàn",
            "cuc": "cục", "truong": "trường", "cac": "các", "quan": "quận"}
# Phrases that open with a head word but name no agency.
NOT_HEADS = ("ban hanh", "hoi nghi", "hoi thao", "hoi dap", "phong chong", "phong ngua",
             "truong hop", "bo sung", "vu viec", "vu an", "bao cao", "bao dam", "bao ve",
             "bao gom", "bao chi", "doan ket", "cac noi dung", "cac van ban", "cac quy dinh",
             "cac nhiem vu", "cac hoat dong", "co quan chuc nang", "vien dan", "cuc bo",
             "quy dinh", "quy che", "quy trinh", "quy hoach", "quy chuan", "quy mo")

ORGANISATION = ("chinh tri", "xa hoi", "doan the", "co lien quan", "lien quan", "khac",
                "thanh vien", "kinh te", "ca nhan", "tin dung", "dai dien", "phi chinh phu",
                "quoc te", "quan chung", "su nghiep", "ton giao", "nuoc ngoai", "cong doan")
"""What follows "tổ chức" when it is a noun (an organisation), not the verb "organise"."""

TYPE_HEADS = frozenset({"ban", "hoi dong", "to", "tieu ban", "doan", "to cong tac"})
"""Heads that name a body only with what follows (a "Ban" is always a "Ban …")."""
