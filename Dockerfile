FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=chance.settings
WORKDIR /app
# WeasyPrint (the judicial review PDF) draws text with Pango and HarfBuzz.
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# collectstatic runs in embedded mode, which generates a throwaway field key: never ship it.
RUN SECRET_KEY=build-only-collectstatic-key-not-used-at-runtime-0123456789 DEBUG=1 \
    python manage.py collectstatic --noinput \
    && rm -f var/field-encryption.key var/chance.sqlite3
# var/documents exists before the volume mounts on it, so the volume starts owned by chance.
RUN useradd --system --uid 10001 chance && mkdir -p /app/var/documents && chown -R chance /app/var
USER chance
EXPOSE 8000
CMD ["gunicorn", "chance.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
