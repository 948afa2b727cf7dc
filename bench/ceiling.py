"""The ceiling: a bare Sanic endpoint (the Sanic version Rasa runs on) that echoes the REST payload in
Rasa's reply format. Nothing a Rasa bot does can answer faster than this on the same machine.
Run: python -m bench.ceiling PORT"""
import sys

from sanic import Sanic, response

app = Sanic("ceiling")


@app.get("/webhooks/rest/")
async def health(_request):
    return response.json({"status": "ok"})


@app.post("/webhooks/rest/webhook")
async def echo(request):
    payload = request.json or {}
    return response.json([{"recipient_id": payload.get("sender"), "text": payload.get("message")}])


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(sys.argv[1]), access_log=False, workers=1)
