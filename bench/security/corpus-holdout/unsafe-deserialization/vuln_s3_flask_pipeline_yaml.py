import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)


class PipelineConfig:
    def __init__(self, raw):
        self.data = yaml.load(raw, Loader=yaml.Loader) or {}

    @property
    def stages(self):
        return self.data.get("stages", [])


@app.route("/pipelines/validate", methods=["POST"])
def validate_pipeline():
    raw = request.get_data(as_text=True)
    if not raw.strip():
        return jsonify({"error": "empty body"}), 400
    config = PipelineConfig(raw)
    return jsonify({"valid": True, "stages": len(config.stages)})
