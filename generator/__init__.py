"""vanban: Vietnamese administrative plans as Nghị định 30/2020/NĐ-CP .docx files."""

__version__ = "0.1.0"
