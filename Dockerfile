# Self-hosting image: the app with the built-in local model, installed with the README's own command.
#   docker build -t prompt-or-finetune .
#   docker run -p 8501:8501 -v "$PWD/.streamlit/secrets.toml:/app/.streamlit/secrets.toml:ro" prompt-or-finetune
# (the secrets mount is optional; secrets are never baked into the image, see .dockerignore)
FROM python:3.11-slim

# llama-cpp-python (requirements-local.txt) compiles from source: it needs a C/C++ toolchain and CMake.
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential cmake \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Requirements first, so code changes do not rebuild the slow llama-cpp-python layer.
COPY requirements.txt requirements-local.txt ./
RUN python -m pip install --no-cache-dir -r requirements-local.txt

COPY . .
RUN useradd --create-home --uid 10001 learner
USER learner

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"

# Settings (theme, upload limit, no usage stats) come from .streamlit/config.toml.
CMD ["streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501", "--server.headless=true"]
