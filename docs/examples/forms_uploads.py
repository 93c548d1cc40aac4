from pathlib import Path

from trestle import App, Request
from trestle.forms import Form, ImageField, TextField
from trestle.templating import Templates, render


class AvatarForm(Form):
    caption = TextField(required=False, max_length=100)
    image = ImageField(max_size=2 * 1024 * 1024, max_width=4000, max_height=4000)


app = App()
Templates(app, directory=Path(__file__).parent / "templates")


@app.route("/avatar", methods=["GET", "POST"])
def avatar(request: Request):
    form = AvatarForm.from_request(request)
    if form.is_valid():
        image = form.cleaned_data["image"]
        # image.save(MEDIA_ROOT / f"{user_id}.{image.format}") would keep it.
        return {"format": image.format, "width": image.width, "height": image.height}
    return render(request, "avatar.html", {"form": form})
