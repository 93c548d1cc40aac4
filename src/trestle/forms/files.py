"""File and image upload fields: size limits, allowed extensions, and real image checks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from trestle.forms.errors import ValidationError
from trestle.forms.fields import Field
from trestle.forms.images import ImageInfo, read_image_info

if TYPE_CHECKING:
    from trestle.http.forms import UploadedFile


def _size(count: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1024
    return f"{count} GB"  # pragma: no cover


class FileField(Field):
    """An uploaded file (:class:`~trestle.http.forms.UploadedFile`).

    ``max_size`` in bytes: a larger upload is a form error, not a 413 (keep
    REQUEST_MAX_BODY_SIZE above it). ``extensions`` limits the file name's extension
    (lower-case, without the dot); ``accept`` is the ``accept`` attribute the browser's
    file picker uses (by default from ``extensions``).
    """

    widget = "file"
    input_type = "file"
    is_file = True
    render_value = False

    def __init__(
        self,
        *,
        max_size: int | None = None,
        extensions: Iterable[str] | None = None,
        accept: str | None = None,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.max_size = max_size
        self.extensions = (
            frozenset(ext.lower().lstrip(".") for ext in extensions) if extensions else None
        )
        if accept is None and self.extensions:
            accept = ",".join(f".{ext}" for ext in sorted(self.extensions))
        self.accept = accept

    def raw_value(self, data: Any, files: Any, key: str) -> Any:
        if files is None:
            return None
        upload = files.get(key)
        if upload is None or isinstance(upload, str):
            return upload or None  # text where a file belongs: to_python says what is wrong
        # A form sent with no file chosen still has the part, with an empty file name.
        if not upload.filename and not upload.size:
            return None
        return upload

    def to_python(self, raw: Any) -> Any:
        if isinstance(raw, str):
            raise ValidationError(
                "No file was received: the form must be sent as multipart/form-data."
            )
        upload: UploadedFile = raw
        if self.max_size is not None and upload.size > self.max_size:
            raise ValidationError(
                f"The file is too large ({_size(upload.size)}); the limit is "
                f"{_size(self.max_size)}."
            )
        if not upload.size:
            raise ValidationError("The file is empty.")
        if self.extensions is not None:
            name = upload.filename.rpartition("/")[2].rpartition("\\")[2]
            extension = name.rpartition(".")[2].lower() if "." in name else ""
            if extension not in self.extensions:
                allowed = ", ".join(f".{ext}" for ext in sorted(self.extensions))
                raise ValidationError(f"Choose a file of one of these types: {allowed}.")
        return upload

    def prepare(self, raw: str) -> str:
        return raw

    def format(self, value: Any) -> Any:
        return ""

    def html_attrs(self) -> dict[str, Any]:
        attrs = super().html_attrs()
        if self.accept:
            attrs["accept"] = self.accept
        return attrs


class ImageUpload:
    """An uploaded image: the file, with the format and size read from its bytes."""

    __slots__ = ("file", "info")

    def __init__(self, file: UploadedFile, info: ImageInfo) -> None:
        #: The upload itself (``save``, ``read``, ``filename``...).
        self.file = file
        #: Format, width and height.
        self.info = info

    @property
    def filename(self) -> str:
        """The name the client gave the file (do not use it as a path as it is)."""
        return self.file.filename

    @property
    def size(self) -> int:
        """Bytes."""
        return self.file.size

    @property
    def width(self) -> int:
        """Pixels."""
        return self.info.width

    @property
    def height(self) -> int:
        """Pixels."""
        return self.info.height

    @property
    def format(self) -> str:
        """``"png"``, ``"jpeg"``, ``"gif"`` or ``"webp"``."""
        return self.info.format

    @property
    def content_type(self) -> str:
        """The media type of what the bytes are, not of what the client claimed."""
        return self.info.media_type

    def read(self, size: int = -1) -> bytes:
        """Read from the file's current position."""
        return self.file.read(size)

    def save(self, destination: Any) -> None:
        """Copy the image to ``destination``."""
        self.file.save(destination)

    def __repr__(self) -> str:
        return f"<ImageUpload {self.filename!r} {self.format} {self.width}x{self.height}>"


class ImageField(FileField):
    """An uploaded image, checked by its bytes: PNG, JPEG, GIF or WebP, within size limits.

    ``max_pixels`` (default 40 million) turns away "decompression bombs": small files that
    claim a huge canvas. The cleaned value is an :class:`ImageUpload`.
    """

    FORMATS: ClassVar[frozenset[str]] = frozenset({"png", "jpeg", "gif", "webp"})

    def __init__(
        self,
        *,
        formats: Iterable[str] | None = None,
        max_width: int | None = None,
        max_height: int | None = None,
        max_pixels: int | None = 40_000_000,
        **options: Any,
    ) -> None:
        self.formats = frozenset(formats) if formats is not None else self.FORMATS
        unknown = self.formats - self.FORMATS
        if unknown:
            raise ValueError(
                f"ImageField cannot check {sorted(unknown)}; it knows {sorted(self.FORMATS)}"
            )
        options.setdefault("accept", ",".join(f"image/{kind}" for kind in sorted(self.formats)))
        super().__init__(**options)
        self.max_width = max_width
        self.max_height = max_height
        self.max_pixels = max_pixels

    def to_python(self, raw: Any) -> Any:
        upload = super().to_python(raw)
        info = read_image_info(upload.file)
        if info is None or info.format not in self.formats:
            kinds = ", ".join(sorted(kind.upper() for kind in self.formats))
            raise ValidationError(f"Choose an image file ({kinds}).")
        if self.max_width is not None and info.width > self.max_width:
            raise ValidationError(
                f"The image is {info.width} pixels wide; the limit is {self.max_width}."
            )
        if self.max_height is not None and info.height > self.max_height:
            raise ValidationError(
                f"The image is {info.height} pixels high; the limit is {self.max_height}."
            )
        if self.max_pixels is not None and info.width * info.height > self.max_pixels:
            raise ValidationError(f"The image is too large ({info.width} by {info.height} pixels).")
        return ImageUpload(upload, info)
