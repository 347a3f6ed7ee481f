"""Operating-system errors in Vietnamese words: one table for every reader and writer."""

from __future__ import annotations

import errno

REASONS = {
    errno.ENOENT: "không có tệp hoặc thư mục này",
    errno.EACCES: "không đủ quyền",
    errno.EPERM: "không đủ quyền",
    errno.EISDIR: "đó là một thư mục",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.EEXIST: "đã có một tệp trùng tên",
    errno.ELOOP: "đường dẫn là liên kết tượng trưng (hoặc liên kết lặp vòng)",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.ENOSPC: "ổ đĩa hết chỗ trống",
    errno.EDQUOT: "vượt hạn mức dung lượng",
    errno.EIO: "lỗi đọc ghi ổ đĩa",
}


def reason(err: OSError) -> str:
    """Why a file could not be read or written, in Vietnamese when the reason is a common one
    (the system's own words otherwise)."""
    return REASONS.get(err.errno or 0) or err.strerror or type(err).__name__
