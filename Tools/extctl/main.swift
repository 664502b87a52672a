print("extctl")
