from trestle import App, Request, View, abort

TASKS = {1: "Write the docs"}


class TaskView(View):
    """One task: GET reads it, PUT replaces it, DELETE removes it."""

    def get(self, id: int) -> dict[str, object]:
        return {"id": id, "title": self.find(id)}

    def put(self, request: Request, id: int) -> dict[str, object]:
        self.find(id)
        TASKS[id] = request.json["title"]
        return {"id": id, "title": TASKS[id]}

    async def delete(self, id: int) -> None:
        self.find(id)
        del TASKS[id]

    def find(self, id: int) -> str:
        if id not in TASKS:
            abort(404, f"there is no task {id}")
        return TASKS[id]


app = App()
app.add_route("/tasks/<int:id>", TaskView, name="task")
