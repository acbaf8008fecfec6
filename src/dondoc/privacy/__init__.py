"""Personal data as Law 91/2025/QH15 and Decree 356/2025/NĐ-CP require."""
