"""第二十条 ledgers for table 二: 规章/行政规范性文件 registers, decision counts, fees."""
