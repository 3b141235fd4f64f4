"""Airflow: run dbt, then upload its artifacts to Secoda with dbt Uploader.

The API key is an Airflow connection (Admin → Connections: conn id "secoda", type Generic, the
key as its password) and the integration ID an Airflow variable ("secoda_integration_id"):
neither is in this file, and BashOperator renders them into the task's environment only.
"""

from datetime import datetime

from airflow import DAG
from airflow.operators.bash import BashOperator

DBT_PROJECT = "/opt/dbt/jaffle_shop"

with DAG(
    dag_id="dbt_build_and_secoda_upload",
    start_date=datetime(2026, 1, 1),
    schedule="30 6 * * *",
    catchup=False,
) as dag:
    dbt_build = BashOperator(
        task_id="dbt_build",
        bash_command=f"cd {DBT_PROJECT} && dbt build",
    )
    upload = BashOperator(
        task_id="upload_to_secoda",
        bash_command=(
            "dbt-uploader upload --api-region us"
            " --integration {{ var.value.secoda_integration_id }}"
            f" --watch {DBT_PROJECT}/target/"
        ),
        env={"SECODA_API_KEY": "{{ conn.secoda.password }}"},
        append_env=True,
        # Also after failing dbt tests: their results are what Secoda should show.
        trigger_rule="all_done",
    )
    dbt_build >> upload
