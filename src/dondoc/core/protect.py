"""Password protection of exported files with personal data (Law 91/2025/QH15): an XLSX
encrypted as Office does (msoffcrypto-tool, ECMA-376 agile encryption: Excel and LibreOffice
open it with the password), any other file in a ZIP under AES-256 (pyzipper). Pure."""

from __future__ import annotations

import io

from dondoc.core.exceptions import InvalidInput

PASSWORD_MIN = 8


def checked_password(password: str) -> str:
    if len(password) < PASSWORD_MIN:
        raise InvalidInput(f"Mật khẩu của tệp: ít nhất {PASSWORD_MIN} ký tự.")
    return password


def encrypted_xlsx(data: bytes, password: str) -> bytes:
    """The workbook `data` readable only with `password`."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(checked_password(password), out)
    return out.getvalue()


def aes_zip(data: bytes, filename: str, password: str) -> bytes:
    """`data` as `filename` inside a ZIP encrypted with AES-256 under `password`."""
    import pyzipper

    out = io.BytesIO()
    with pyzipper.AESZipFile(
        out, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(checked_password(password).encode("utf-8"))
        archive.writestr(filename, data)
    return out.getvalue()


def protected(data: bytes, filename: str, password: str) -> tuple[bytes, str, str]:
    """(bytes, filename, content type) of the file under `password`."""
    if filename.endswith(".xlsx"):
        return (
            encrypted_xlsx(data, password),
            filename,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return aes_zip(data, filename, password), filename + ".zip", "application/zip"
